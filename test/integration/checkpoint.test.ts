import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RunFailedError } from '../../lambda/sync/run';
import { faults, generateOrders } from '../simulator';
import {
  apiFields,
  byId,
  createWorld,
  useMotoServer,
  type World,
} from '../support/world';

let world: World;
const aws = useMotoServer(() => world);

const someOrders = (count: number) =>
  generateOrders({ count, seed: 11, startId: 700_000 });

/** A clock the test moves by hand, starting now. */
function manualClock() {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('checkpoint', () => {
  it('stays when a page keeps failing', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(120) },
    });
    await world.run();
    const saved = await world.checkpoint();
    world.sim.injectFault({ ...faults.serverError(503), times: 100 });

    await expect(world.run()).rejects.toThrow(/HTTP 503/);

    expect((await world.checkpoint()).feeds).toEqual(saved.feeds);
  });

  it('stays when a later page of the pass fails', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(120) },
    });
    world.sim.injectFault({ ...faults.brokenJson(), page: 3, times: 100 });

    await expect(world.run()).rejects.toThrow(/not valid JSON/);

    const checkpoint = await world.checkpoint();
    expect(checkpoint.feeds?.updated_after?.cursor).toBeUndefined();
  });

  it('resumes a pass where the time budget stopped it', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(250), pageSize: 50 },
    });
    const clock = manualClock();
    world.sim.onOrdersRequest(() => clock.advance(4_000));

    const first = await world.run(
      { TIME_BUDGET_SECONDS: '10' },
      { now: clock.now },
    );

    expect(first.outcome).toBe('resumable');
    expect(first.feeds.updated_after?.pass).toBe('stopped');
    const resume = (await world.checkpoint()).feeds.updated_after?.resume;
    expect(resume?.pages).toBe(first.pages_fetched);
    const requestsBefore = world.sim.requests.length;

    const second = await world.run();

    expect(second.outcome).toBe('completed');
    const pagesRequested = world.sim.requests
      .slice(requestsBefore)
      .filter((request) => request.path.includes('experienceorders'))
      .map((request) => Number(request.query.page ?? 1));
    expect(pagesRequested[0]).toBe((resume?.pages ?? 0) + 1);
    expect(byId(await world.orders()).map(apiFields)).toEqual(
      byId(world.sim.orders()),
    );
  });

  it('saves resume points during a long pass', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(200), pageSize: 20 },
    });
    const clock = manualClock();
    const saves: number[] = [];
    world.sim.onOrdersRequest(() => clock.advance(3_000));

    await world.run(
      { RESUME_POINT_INTERVAL_SECONDS: '10' },
      {
        now: clock.now,
        onStep: (step) => {
          if (step === 'resume-saved') saves.push(clock.now());
        },
      },
    );

    expect(saves.length).toBeGreaterThanOrEqual(2);
    expect(saves.length).toBeLessThan(10);
  });

  it('does not advance when the count moves during the pass', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(150) },
    });
    world.sim.onOrdersRequest(({ page }) => {
      if (page === 2) world.sim.createOrder();
    });

    const first = await world.run();

    expect(first.feeds.updated_after?.pass).toBe('drifted');
    expect(
      (await world.checkpoint()).feeds.updated_after?.cursor,
    ).toBeUndefined();
  });

  it('converges after a pass that drifted', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(150), ordering: 'updated_at' },
    });
    const remove = world.sim.onOrdersRequest(({ page }) => {
      if (page === 2) {
        const first = world.sim.orders()[0];
        if (first) world.sim.setStatus(first.id, 'cancelled');
      }
    });
    const first = await world.run();
    remove();

    const second = await world.run();

    expect(first.feeds.updated_after?.pass).toBe('drifted');

    expect(second.feeds.updated_after?.pass).toBe('completed');
    expect(byId(await world.orders()).map(apiFields)).toEqual(
      byId(world.sim.orders()),
    );
  });

  it('reads an order changed at the cursor second', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(20), boundInclusive: false },
    });
    await world.run();
    const cursor = (await world.checkpoint()).feeds.updated_after?.cursor;
    const order = world.sim.orders()[0];
    if (order === undefined) throw new Error('no order');
    world.sim.updateOrder(order.id, {
      status: 'cancelled',
      updated_at: cursor,
    });

    await world.run();

    const item = (await world.orders()).find((o) => o.id === order.id);
    expect(item?.status).toBe('cancelled');
  });

  it('starts from the overlap window before the cursor', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(5) },
    });
    await world.setCheckpoint({
      feeds: {
        updated_after: { cursor: '2026-01-31 23:58:00' },
        schedule_updated_after: { cursor: '2026-01-31 23:58:00' },
      },
    });

    await world.run({ OVERLAP_WINDOW_SECONDS: '300' });

    const filters = world.sim.requests
      .filter((request) => request.path.includes('experienceorders'))
      .map(
        (request) =>
          request.query.updated_after ?? request.query.schedule_updated_after,
      );
    expect(filters).toContain('2026-01-31T23:53:00');
  });

  it('rejects a checkpoint that is not JSON', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(5) },
    });
    await world.setCheckpoint('not json');

    await expect(world.run()).rejects.toThrow(
      /Checkpoint parameter .* is invalid/,
    );
  });
});

describe('cursor ahead of the source', () => {
  it('stops the run and keeps the checkpoint', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(5) },
    });
    const future = {
      feeds: {
        updated_after: { cursor: '2099-01-01 00:00:00' },
        schedule_updated_after: { cursor: '2099-01-01 00:00:00' },
      },
    };
    await world.setCheckpoint(future);

    await expect(world.run()).rejects.toThrow(
      /ahead of the source clock .* with `npx tripster-sync backfill --since DATE`, or in the checkpoint parameter\.$/,
    );

    expect((await world.checkpoint()).feeds).toEqual(future.feeds);
  });

  it('of a failed run is the one it saved', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(20) },
    });
    await world.run();
    const [order] = world.sim.orders();
    if (order === undefined) throw new Error('no order');
    world.sim.reschedule(order.id, '2030-01-01 10:00:00');
    world.sim.onOrdersRequest(({ url }) => {
      if (url.includes('schedule_updated_after')) {
        throw new Error('schedule feed down');
      }
    });
    // A second later, so the orders feed reaches a new cursor.
    await sleep(1100);

    const failed = await world.run().catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(RunFailedError);
    const { summary } = failed as RunFailedError;
    const saved = await world.checkpoint();
    expect(summary.checkpoint).toEqual(saved.feeds);
    expect(summary.feeds.updated_after.pass).toBe('completed');
    expect(summary.feeds.schedule_updated_after.pass).toBe('failed');
    expect(summary.feeds.schedule_updated_after.cursor).toBe(
      saved.feeds.schedule_updated_after?.cursor,
    );
  });
});
