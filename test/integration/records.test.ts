import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { faults, generateOrders } from '../simulator';
import { motoClientConfig, scanTable } from '../support/aws';
import { createWorld, useMotoServer, type World } from '../support/world';

let world: World;
const aws = useMotoServer(() => world);

const someOrders = (count: number) =>
  generateOrders({ count, seed: 21, startId: 300_000 });

describe('bad records', () => {
  const valid = someOrders(3);
  const bad = [
    { ...valid[0], id: 'x1' },
    { ...valid[1], updated_at: '2024-02-30 10:00:00' },
    { ...valid[2], price: 'HUGE' },
  ];
  /** A page body with a price no double, and no DynamoDB number, can hold. */
  const pageBody = (results: unknown[]) =>
    JSON.stringify({
      count: results.length,
      next: null,
      previous: null,
      results,
    }).replace('"HUGE"', '1e400');

  it('sets aside bad records and stores the rest', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(4) },
    });
    const good = world.sim.orders();
    world.sim.injectFault({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: pageBody([...good, ...bad]),
    });

    const summary = await world.run();

    expect(summary.orders_rejected).toBe(3);
    expect(summary.orders_written).toBe(4);
    const rejects = await scanTable(
      aws.moto.endpoint,
      world.resources.rejectsTableName,
    );
    expect(rejects.map((r) => r.reason).sort()).toEqual([
      'id is missing or not a positive integer',
      'price is a number DynamoDB cannot store: 1e400',
      'updated_at is missing or not a YYYY-MM-DD HH:MM:SS timestamp',
    ]);
    expect(rejects.every((r) => typeof r.raw === 'string')).toBe(true);
    expect(
      (await world.checkpoint()).feeds.updated_after?.cursor,
    ).toBeDefined();
  });

  it('sets aside a record with a __proto__ field', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(30), pageSize: 100 },
    });
    const orders = world.sim.orders();
    const [first] = orders;
    // JSON.stringify cannot write a __proto__ key, so it goes in as text.
    const body = pageBody(orders).replace(
      `{"id":${first?.id},`,
      `{"id":${first?.id},"extra":{"__proto__":"x","ok":1},`,
    );
    world.sim.injectFault({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body,
    });

    const summary = await world.run();

    expect(summary.orders_rejected).toBe(1);
    expect(summary.orders_written).toBe(29);
    const [reject] = await scanTable(
      aws.moto.endpoint,
      world.resources.rejectsTableName,
    );
    expect(reject?.reason).toBe(
      'extra has a field named __proto__, which the AWS SDK cannot write',
    );
    expect(reject?.order_id).toBe(first?.id);
  });

  it('counts a record set aside again in the same item', async () => {
    world = await createWorld(aws.moto, { simulator: { orders: [] } });
    const page = faults.page({
      count: 1,
      next: null,
      previous: null,
      results: [bad[0]],
    });
    world.sim.injectFault(page);
    await world.run();
    world.sim.injectFault(page);

    await world.run();

    const rejects = await scanTable(
      aws.moto.endpoint,
      world.resources.rejectsTableName,
    );
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.rejected_count).toBe(2);
    expect(rejects[0]?.order_id).toBeNull();
  });

  it('keeps unknown statuses and extra fields', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(1) },
    });
    const [order] = world.sim.orders();
    world.sim.injectFault(
      faults.page({
        count: 1,
        next: null,
        previous: null,
        results: [{ ...order, status: 'refunded', loyalty_points: 12 }],
      }),
    );

    await world.run();

    const [item] = await world.orders();
    expect(item?.status).toBe('refunded');
    expect(item?.loyalty_points).toBe(12);
  });

  it('keeps money exact', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(1) },
    });
    const [order] = world.sim.orders();
    const body = JSON.stringify({
      count: 1,
      next: null,
      previous: null,
      results: [order],
    }).replace(/"price":[^,]+/, '"price":12345678901234567.89');
    world.sim.injectFault({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body,
    });

    await world.run({ PUBLISH_BACKFILL_EVENTS: 'true' });

    const [event] = await world.events();
    expect(event?.raw).toContain('"price":12345678901234567.89');
  });
});

describe('never older over newer', () => {
  it('keeps a newer stored order during a backfill', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(5) },
    });
    const [order] = world.sim.orders();
    if (order === undefined) throw new Error('no order');
    const newer = {
      ...order,
      status: 'cancelled',
      updated_at: world.sim.sourceNow(),
    };
    await putItem(world, {
      ...newer,
      sync_content_hash: 'newer',
      sync_first_seen_at: 'x',
    });

    const summary = await world.run();

    expect(summary.orders_stale).toBeGreaterThanOrEqual(1);
    const item = (await world.orders()).find((o) => o.id === order.id);
    expect(item?.status).toBe('cancelled');
  });
});

async function putItem(
  world: World,
  item: Record<string, unknown>,
): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient(motoClientConfig(aws.moto.endpoint)),
  );
  await client.send(
    new PutCommand({ TableName: world.resources.ordersTableName, Item: item }),
  );
}
