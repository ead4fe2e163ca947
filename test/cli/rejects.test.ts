import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RejectedRecordStore } from '../../lambda/stores/rejected-record-store';
import { type ApiOrder, generateOrders } from '../simulator';
import { motoClientConfig, scanTable } from '../support/aws';
import { awsErrors, startAwsFaultProxy } from '../support/aws-fault-proxy';
import { type Moto, startMoto } from '../support/moto';
import { createWorld, useMoto, type World } from '../support/world';
import { runCli } from './harness';

let moto: Moto;
let world: World;

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
});
afterAll(async () => {
  await moto?.stop();
});
afterEach(async () => {
  await world?.stop();
});

const [validOrder, otherOrder] = generateOrders({
  count: 2,
  seed: 4,
  startId: 610_000,
});
const invalidOrder = { ...otherOrder, status: 'not a status!' };

/** Sets records aside with the store the function uses and returns their keys. */
async function setAside(
  records: { raw: unknown; reason: string }[],
  rejectedAt = '2024-05-01T10:00:00.000Z',
): Promise<string[]> {
  const store = new RejectedRecordStore(
    DynamoDBDocumentClient.from(
      new DynamoDBClient(motoClientConfig(moto.endpoint)),
    ),
    world.resources.rejectsTableName,
  );
  const keys: string[] = [];
  for (const record of records) {
    const raw = record.raw as { id?: number };
    keys.push(
      await store.setAside(
        {
          raw,
          reason: record.reason,
          orderId: raw.id,
          feed: 'updated_after',
        },
        rejectedAt,
      ),
    );
  }

  return keys;
}

const rejects = () =>
  scanTable(moto.endpoint, world.resources.rejectsTableName);

describe('rejects list', () => {
  it('shows each record with its reason and count', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    const [key] = await setAside([
      { raw: invalidOrder, reason: 'status is not a word' },
      { raw: invalidOrder, reason: 'status is not a word' },
    ]);

    const result = await runCli(['rejects', 'list'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${key}  order ${otherOrder?.id}  feed updated_after`,
    );
    expect(result.stdout).toContain('rejected 2 times');
    expect(result.stdout).toContain('reason: status is not a word');
    expect(result.stdout).toContain('1 set-aside record in');
  });

  it('prints JSON lines with the raw record', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await setAside([{ raw: invalidOrder, reason: 'status is not a word' }]);

    const result = await runCli(['rejects', 'list', '--json'], {
      env: world.resources.env,
    });

    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '');
    expect(record.rejected_count).toBe(1);
    expect(JSON.parse(record.raw).status).toBe('not a status!');
  });

  it('shows the records a run set aside', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    world.sim.injectFault({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        count: 2,
        next: null,
        previous: null,
        results: [validOrder, invalidOrder],
      }),
    });
    await world.run();

    const result = await runCli(['rejects', 'list'], {
      env: world.resources.env,
    });

    expect(result.stdout).toContain(
      'reason: status is missing or not a word of letters, digits, _ or -',
    );
  });

  it('says when nothing is set aside', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });

    const result = await runCli(['rejects', 'list'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No set-aside records in');
  });
});

describe('rejects retry', () => {
  it('stores a record that is valid now and deletes its reject', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await world.setCheckpoint({
      feeds: { updated_after: { cursor: '2024-05-01 12:00:00' } },
    });
    const [key] = await setAside([
      { raw: validOrder, reason: 'updated_at is later than the source clock' },
    ]);

    const result = await runCli(['rejects', 'retry', '--key', key ?? ''], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${key}: stored order ${validOrder?.id} (written, 1 event published)`,
    );
    expect((await world.orders()).map((order) => order.id)).toEqual([
      validOrder?.id,
    ]);
    expect(await rejects()).toEqual([]);
    const [event] = await world.events();
    expect(event?.body.data).toMatchObject({ previous_status: null });
  });

  it('keeps a newer order written during the retry', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    const [key] = await setAside([
      { raw: validOrder, reason: 'an older rule' },
    ]);
    const newer = {
      ...validOrder,
      status: 'cancelled',
      updated_at: '2099-01-01 00:00:00',
    };
    const proxy = await startAwsFaultProxy(moto.endpoint);
    // The function may write the order between the retry's read and its
    // write; the retry's conditional write must then leave it alone.
    proxy.inject({
      operation: 'PutItem',
      handle: async (body, forward) => {
        await DynamoDBDocumentClient.from(
          new DynamoDBClient(motoClientConfig(moto.endpoint)),
        ).send(
          new PutCommand({
            TableName: world.resources.ordersTableName,
            Item: newer,
          }),
        );
        return forward(body);
      },
    });

    const result = await runCli(['rejects', 'retry', '--key', key ?? ''], {
      env: { ...world.resources.env, AWS_ENDPOINT_URL: proxy.endpoint },
    });
    await proxy.stop();

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${key}: deleted, because the table holds a newer version of order ${validOrder?.id}`,
    );
    expect(result.stdout).toContain('Stored 0, deleted 1 out of date, kept 0.');
    const [stored] = await world.orders();
    expect(stored?.status).toBe('cancelled');
    expect(await world.events()).toEqual([]);
  });

  it('keeps a record that DynamoDB rejects again', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    const [key] = await setAside([
      { raw: validOrder, reason: 'an older rule' },
    ]);
    const proxy = await startAwsFaultProxy(moto.endpoint);
    proxy.inject({
      operation: 'PutItem',
      handle: awsErrors.dynamoDbValidation,
      times: 10,
    });

    const result = await runCli(['rejects', 'retry', '--key', key ?? ''], {
      env: { ...world.resources.env, AWS_ENDPOINT_URL: proxy.endpoint },
    });
    await proxy.stop();

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${key}: kept, because DynamoDB rejected the order again`,
    );
    expect(await world.orders()).toEqual([]);
    const [kept] = await rejects();
    expect(kept?.record_key).toBe(key);
    expect(kept?.reason).toBe(
      'DynamoDB rejected the order: Item size has exceeded the maximum allowed size',
    );
  });

  it('deletes a record whose order was stored since', async () => {
    world = await createWorld(moto, {
      simulator: { orders: [otherOrder as ApiOrder] },
    });
    await world.run();
    const [stored] = await world.orders();
    const [key] = await setAside([
      { raw: invalidOrder, reason: 'status is not a word' },
    ]);

    const result = await runCli(['rejects', 'retry', '--all'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${key}: deleted, because the table has stored order ${otherOrder?.id} since it was set aside`,
    );
    expect(result.stdout).toContain('Stored 0, deleted 1 out of date, kept 0.');
    expect(await rejects()).toEqual([]);
    expect(await world.orders()).toEqual([stored]);
    expect(await world.events()).toEqual([]);
  });

  it('keeps a record set aside after its order was stored', async () => {
    world = await createWorld(moto, {
      simulator: { orders: [otherOrder as ApiOrder] },
    });
    await world.run();
    const [key] = await setAside(
      [{ raw: invalidOrder, reason: 'status is not a word' }],
      '2999-01-01T00:00:00.000Z',
    );

    const result = await runCli(['rejects', 'retry', '--all'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${key}: kept, because status is missing`);
    expect((await rejects()).map((reject) => reject.record_key)).toEqual([key]);
  });

  it('keeps a record that still fails, with its reason', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    const [validKey, invalidKey] = await setAside([
      { raw: validOrder, reason: 'an older rule' },
      { raw: invalidOrder, reason: 'an older rule' },
    ]);

    const result = await runCli(['rejects', 'retry', '--all'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${validKey}: stored order`);
    expect(result.stdout).toContain(
      `${invalidKey}: kept, because status is missing or not a word`,
    );
    expect(result.stdout).toContain('Stored 1, deleted 0 out of date, kept 1.');
    const [kept] = await rejects();
    expect(kept?.record_key).toBe(invalidKey);
    expect(kept?.rejected_count).toBe(2);
    expect(kept?.reason).toContain('status is missing');
  });

  it('keeps a record whose raw JSON was cut', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    const huge = { ...validOrder, description: 'x'.repeat(40_000) };
    const [key] = await setAside([{ raw: huge, reason: 'too large' }]);

    const result = await runCli(['rejects', 'retry', '--key', key ?? ''], {
      env: world.resources.env,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('its raw JSON was cut');
    expect(await rejects()).toHaveLength(1);
  });

  it('fails for an unknown key', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });

    const result = await runCli(['rejects', 'retry', '--key', 'nope'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No set-aside record has the key nope');
  });

  it.each([[[]], [['--key', 'k', '--all']]])(
    'needs exactly one of --key and --all: %j',
    async (args) => {
      const result = await runCli(['rejects', 'retry', ...args], { env: {} });

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('either --key KEY or --all');
    },
  );
});
