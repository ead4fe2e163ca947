import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../lambda/sync/run';
import { generateOrders } from '../simulator';
import { formatInTimeZone } from '../simulator/clock';
import {
  type AwsFaultProxy,
  awsErrors,
  startAwsFaultProxy,
} from '../support/aws-fault-proxy';
import {
  apiFields,
  byId,
  createWorld,
  useMotoServer,
  type World,
} from '../support/world';

let world: World;
let proxy: AwsFaultProxy;
const aws = useMotoServer(() => world);

beforeAll(async () => {
  proxy = await startAwsFaultProxy(aws.moto.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
});

/** Runs the sync with its AWS requests through the fault proxy. */
async function runThroughProxy(): Promise<RunSummary> {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = proxy.endpoint;
  try {
    return await world.run();
  } finally {
    process.env.AWS_ENDPOINT_URL = endpoint;
  }
}

/** Delays the BatchWriteItem requests that write order `id`. */
function slowWritesOf(id: number, times: number, delayMs: number): void {
  proxy.inject({
    operation: 'BatchWriteItem',
    times,
    bodyIncludes: `"id":{"N":"${id}"}`,
    handle: async (body, forward) => {
      await sleep(delayMs);
      return forward(body);
    },
  });
}

/** `status_changed` transitions of one order, as `previous>status`. */
async function transitionsOf(id: number): Promise<string[]> {
  return (await world.events())
    .filter(
      ({ body }) =>
        body.type === 'order.status_changed' && body.subject === String(id),
    )
    .map(({ body }) => {
      const data = body.data as { previous_status: string; status: string };
      return `${data.previous_status}>${data.status}`;
    });
}

/**
 * Syncs 8 orders on pages of 4 as `processing`, then pays them all at the
 * source. Returns the order that page 1 lists first and the one after it.
 */
async function paySyncedOrders(
  seed: number,
  startId: number,
): Promise<{ moved: number; stays: number }> {
  const hourAgo = Date.now() - 3_600_000;
  world = await createWorld(aws.moto, {
    simulator: {
      orders: generateOrders({
        count: 8,
        seed,
        startId,
        from: formatInTimeZone(hourAgo - 86_400_000, 'Europe/Moscow'),
        to: formatInTimeZone(hourAgo, 'Europe/Moscow'),
      }),
      pageSize: 4,
      ordering: 'updated_at',
    },
  });
  const ids = world.sim.orders().map((order) => order.id);
  for (const id of ids) world.sim.setStatus(id, 'processing');
  await world.run();
  for (const id of ids) world.sim.setStatus(id, 'paid');
  const [moved = 0, stays = 0] = [...ids].sort((a, b) => a - b);

  return { moved, stays };
}

/** The stored status of one order, and the statuses of its history. */
async function storedOrder(
  id: number,
): Promise<{ status: unknown; history: string[] }> {
  const item = (await world.orders()).find((order) => order.id === id);
  const history = (item?.sync_status_history ?? []) as { status: string }[];

  return {
    status: item?.status,
    history: history.map((entry) => entry.status),
  };
}

describe('page pipeline', () => {
  it('plans a page against the commit still in flight', async () => {
    const { moved, stays } = await paySyncedOrders(41, 700_000);
    // The first order of page 1 changes again before page 2 is served, so
    // page 2 brings it too.
    world.sim.onOrdersRequest(({ page }) => {
      if (page === 2) {
        world.sim.updateOrder(moved, {
          status: 'cancelled',
          updated_at: formatInTimeZone(Date.now() + 2000, 'Europe/Moscow'),
        });
      }
    });
    await world.events();
    // Both writes of page 1 wait, so page 2 is read and planned before
    // they land, and its commit must still come after them.
    slowWritesOf(stays, 2, 500);

    const summary = await runThroughProxy();

    expect(summary.feeds.updated_after.pass).toBe('drifted');
    expect(await transitionsOf(moved)).toEqual([
      'processing>paid',
      'paid>cancelled',
    ]);
    const item = await storedOrder(moved);
    expect(item.status).toBe('cancelled');
    expect(item.history).toEqual(['processing', 'paid', 'cancelled']);
    // The drifted pass kept its cursor, so the next run reads what it missed.
    await world.run();
    expect(byId(await world.orders()).map(apiFields)).toEqual(
      byId(world.sim.orders()),
    );
  });

  it('plans again against an order set aside in flight', async () => {
    const { moved, stays } = await paySyncedOrders(43, 720_000);
    // DynamoDB rejects page 1's version of the order, which then changes
    // again and comes on page 2 too, while page 1's writes are held back.
    const stamp = world.sim.orders().find((order) => order.id === moved);
    world.sim.updateOrder(moved, {
      description: 'REJECTED-BY-DYNAMODB',
      updated_at: stamp?.updated_at,
    });
    world.sim.onOrdersRequest(({ page }) => {
      if (page === 2) {
        world.sim.updateOrder(moved, {
          status: 'cancelled',
          description: 'fine now',
          updated_at: formatInTimeZone(Date.now() + 2000, 'Europe/Moscow'),
        });
      }
    });
    proxy.inject({
      operation: 'BatchWriteItem',
      times: 1000,
      handle: async (body, forward) => {
        if (body.includes('REJECTED-BY-DYNAMODB')) {
          return awsErrors.dynamoDbValidation();
        }
        if (body.includes(`"id":{"N":"${stays}"}`)) {
          await sleep(500);
        }
        return forward(body);
      },
    });

    const summary = await runThroughProxy();
    proxy.clear();

    expect(summary.orders_rejected).toBe(1);
    expect(await transitionsOf(moved)).toEqual(['processing>cancelled']);
    const item = await storedOrder(moved);
    expect(item.status).toBe('cancelled');
    expect(item.history).toEqual(['processing', 'cancelled']);
  });

  it('writes nothing after a failed commit', async () => {
    world = await createWorld(aws.moto, {
      simulator: {
        orders: generateOrders({ count: 12, seed: 42, startId: 710_000 }),
        pageSize: 4,
      },
    });
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: async () => {
        await sleep(300);
        return { status: 500, headers: {}, body: 'unavailable' };
      },
      times: 100,
    });

    await expect(runThroughProxy()).rejects.toThrow(/BatchWriteItem failed/);
    const endedAt = Date.now();
    await sleep(800);

    proxy.clear();
    const late = proxy.calls.filter((call) => call.at > endedAt);
    expect(late).toEqual([]);
    expect(await world.orders()).toEqual([]);
  });
});
