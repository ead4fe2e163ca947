import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSourceTimestamp } from '../../lambda/source-time';
import { logger } from '../../lambda/telemetry';
import { type ApiOrder, generateOrders } from '../simulator';
import { formatInTimeZone } from '../simulator/clock';
import { scanTable } from '../support/aws';
import { LeakWatch } from '../support/leak-watch';
import { type Moto, startMoto } from '../support/moto';
import type { PublishedEvent } from '../support/published-events';
import {
  apiFields,
  byId,
  createWorld,
  useMoto,
  type World,
} from '../support/world';

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
  logger.setLogLevel('DEBUG');
});
afterAll(async () => {
  logger.setLogLevel('ERROR');
  await moto?.stop();
});

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface ClockSetup {
  readonly timeZone: string;
  /** Source clock minus machine clock, in ms. */
  readonly offsetMs: number;
  /** Whether the sync's clock follows the source's, as with a synced host. */
  readonly syncFollows?: boolean;
}

/** Orders stamped on the source's clock, the newest a minute ago. */
function ordersAtSource(setup: ClockSetup, count: number, seed: number) {
  const now = Date.now() + setup.offsetMs;
  return generateOrders({
    count,
    seed,
    startId: 20_000 + seed * 1000,
    from: formatInTimeZone(now - 30 * DAY_MS, setup.timeZone),
    to: formatInTimeZone(now - 60_000, setup.timeZone),
  });
}

async function worldAt(
  setup: ClockSetup,
  orders: ApiOrder[],
): Promise<{
  world: World;
  watch: LeakWatch;
  run: () => ReturnType<LeakWatch['run']>;
}> {
  const world = await createWorld(moto, {
    simulator: {
      orders,
      timeZone: setup.timeZone,
      clockOffsetMs: setup.offsetMs,
      pageSize: 9,
    },
  });
  const watch = new LeakWatch(world);
  const env = {
    SOURCE_TIME_ZONE: setup.timeZone,
    PUBLISH_BACKFILL_EVENTS: 'true',
  };
  const now = setup.syncFollows ? () => Date.now() + setup.offsetMs : undefined;
  const run = () =>
    watch.run({ env, overrides: now === undefined ? {} : { now } });

  return { world, watch, run };
}

const NEXT_STATUS: Record<string, string> = {
  processing: 'paid',
  paid: 'cancelled',
  cancelled: 'processing',
};

/** Changes some orders at the source; returns the statuses and starts it set. */
function churn(world: World, round: number) {
  const orders = world.sim.orders();
  const statuses = new Map<number, string>();
  for (const order of orders.slice(round * 3, round * 3 + 3)) {
    const status = NEXT_STATUS[order.status] ?? 'paid';
    world.sim.setStatus(order.id, status);
    statuses.set(order.id, status);
  }
  const created = world.sim.createOrder({ status: 'processing' });
  statuses.set(created.id, 'processing');
  const moved = orders.at(-1 - round);
  const starts = new Map<number, string>();
  if (moved !== undefined) {
    const startAt = `2031-0${round + 1}-15 10:00:00`;
    world.sim.reschedule(moved.id, startAt);
    starts.set(moved.id, startAt);
  }

  return { statuses, starts };
}

function expectAnnounced(
  events: readonly PublishedEvent[],
  change: ReturnType<typeof churn>,
): void {
  for (const [id, status] of change.statuses) {
    const announced = events.some(
      ({ body }) =>
        body.type === 'order.status_changed' &&
        body.subject === String(id) &&
        body.data.status === status,
    );
    expect(announced, `order ${id} became ${status}`).toBe(true);
  }
  for (const [id, startAt] of change.starts) {
    const announced = events.some(
      ({ body }) =>
        body.type === 'order.rescheduled' &&
        body.subject === String(id) &&
        body.data.start_at === startAt,
    );
    expect(announced, `order ${id} moved to ${startAt}`).toBe(true);
  }
}

async function expectTableMatchesSource(world: World): Promise<void> {
  expect(byId(await world.orders()).map(apiFields)).toEqual(
    byId(world.sim.orders()),
  );
}

async function rejectedRecords(world: World) {
  return scanTable(moto.endpoint, world.resources.rejectsTableName);
}

/** Runs a backfill, two rounds of changes and a run after each. */
async function expectNothingLost(setup: ClockSetup): Promise<void> {
  const { world, watch, run } = await worldAt(
    setup,
    ordersAtSource(setup, 30, 1),
  );

  const runs = [await run()];
  const first = churn(world, 0);
  runs.push(await run());
  const second = churn(world, 1);
  runs.push(await run());

  for (const result of runs) {
    expect(result.error).toBeUndefined();
  }
  await expectTableMatchesSource(world);
  expectAnnounced(watch.events(), first);
  expectAnnounced(watch.events(), second);
  expect(await rejectedRecords(world)).toEqual([]);
  const cursor = (await world.checkpoint()).feeds.updated_after?.cursor ?? '';
  expect(cursor <= world.sim.sourceNow()).toBe(true);
  await watch.expectNoSecrets();
  await world.stop();
}

describe('source clock offset', () => {
  it.each([
    ['30 seconds ahead', 30_000],
    ['30 seconds behind', -30_000],
    ['3 hours ahead', 3 * HOUR_MS],
    ['3 hours behind', -3 * HOUR_MS],
    ['23 hours ahead', 23 * HOUR_MS],
    ['2 days ahead', 2 * DAY_MS],
    ['2 days behind', -2 * DAY_MS],
    ['6 days ahead', 6 * DAY_MS],
    ['6 days behind', -6 * DAY_MS],
  ])(
    '%s loses nothing',
    async (_name, offsetMs) => {
      await expectNothingLost({ timeZone: 'Europe/Moscow', offsetMs });
    },
    30_000,
  );
});

describe('source time zone', () => {
  it.each([
    'Europe/Moscow',
    'Asia/Tokyo',
    'Pacific/Kiritimati',
    'UTC',
    'America/New_York',
    'America/Los_Angeles',
    'Pacific/Pago_Pago',
  ])(
    '%s loses nothing',
    async (timeZone) => {
      await expectNothingLost({ timeZone, offsetMs: 0 });
    },
    30_000,
  );
});

/** Clock offset that puts the source at `shiftMs` past `wallClock` in `zone`. */
function offsetTo(wallClock: string, zone: string, shiftMs: number): number {
  const instant = fromSourceTimestamp(wallClock, zone).getTime();

  return instant + shiftMs - Date.now();
}

/** Moves a source timestamp by whole seconds of wall-clock time. */
function plusSeconds(value: string, seconds: number): string {
  const ms = Date.parse(`${value.replace(' ', 'T')}Z`) + seconds * 1000;

  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

describe('cursor across a calendar boundary', () => {
  const boundaries = [
    ['midnight', '2027-03-10 00:00:00'],
    ['month end', '2027-05-01 00:00:00'],
    ['year end', '2028-01-01 00:00:00'],
    ['leap day', '2028-02-29 00:00:00'],
    ['after leap day', '2028-03-01 00:00:00'],
  ] as const;
  const cases = ['Asia/Tokyo', 'America/New_York'].flatMap((zone) =>
    boundaries.flatMap(([name, boundary]) =>
      ['0', '300'].map((overlap) => [name, zone, overlap, boundary] as const),
    ),
  );

  it.each(cases)(
    '%s in %s with overlap %s',
    async (_name, zone, overlap, boundary) => {
      const setup = {
        timeZone: zone,
        offsetMs: offsetTo(boundary, zone, 5000),
        syncFollows: true,
      };
      const orders = generateOrders({
        count: 12,
        seed: 4,
        startId: 40_000,
        from: plusSeconds(boundary, -20 * 86_400),
        to: plusSeconds(boundary, -3600),
      });
      const stamped = [-2, -1, 0, 1, 2].map((seconds, index) => {
        const order = orders[index] as ApiOrder;
        order.updated_at = plusSeconds(boundary, seconds);
        return order;
      });
      const { world, watch } = await worldAt(setup, orders);
      const cursor = plusSeconds(boundary, -1);
      await world.setCheckpoint({
        feeds: {
          updated_after: { cursor },
          schedule_updated_after: { cursor },
        },
      });
      const env = { SOURCE_TIME_ZONE: zone, OVERLAP_WINDOW_SECONDS: overlap };
      const now = () => Date.now() + setup.offsetMs;

      const first = await watch.run({ env, overrides: { now } });
      const saved =
        (await world.checkpoint()).feeds.updated_after?.cursor ?? '';
      const late = world.sim.setStatus(stamped[0]?.id ?? 0, 'cancelled');
      const second = await watch.run({ env, overrides: { now } });

      expect(first.error).toBeUndefined();
      expect(second.error).toBeUndefined();
      expect(saved > boundary).toBe(true);
      const items = byId(await world.orders()).map(apiFields);
      const stored = new Map(items.map((item) => [item.id, item]));
      for (const order of stamped.slice(1)) {
        expect(stored.get(order.id), `${order.updated_at}`).toEqual(order);
      }
      expect(stored.get(late.id)).toEqual(late);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );

  it.each([
    ['year end in Tokyo', 'Asia/Tokyo', '2028-01-01 00:00:00'],
    ['year end in New York', 'America/New_York', '2028-01-01 00:00:00'],
    ['autumn clock change', 'America/New_York', '2027-11-07 02:00:00'],
    ['spring clock change', 'America/New_York', '2027-03-14 02:00:00'],
  ])(
    '%s passes between two runs',
    async (_name, zone, boundary) => {
      // The autumn change repeats 01:00-02:00: the first 02:00 EDT is 01:00 EST.
      const instantOf = (wallClock: string) =>
        fromSourceTimestamp(wallClock, zone).getTime();
      const boundaryMs =
        boundary === '2027-11-07 02:00:00'
          ? instantOf('2027-11-07 01:59:59') + 1000
          : instantOf(boundary);
      const setup = {
        timeZone: zone,
        offsetMs: boundaryMs - 1500 - Date.now(),
        syncFollows: true,
      };
      const { world, watch, run } = await worldAt(
        setup,
        ordersAtSource(setup, 20, 6),
      );

      const first = await run();
      await sleep(
        Math.max(0, boundaryMs + 1200 - (Date.now() + setup.offsetMs)),
      );
      const change = churn(world, 0);
      const second = await run();
      const third = await run();

      expect(first.error).toBeUndefined();
      expect(second.error).toBeUndefined();
      expect(third.error).toBeUndefined();
      await expectTableMatchesSource(world);
      expectAnnounced(watch.events(), change);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );
});

describe('autumn clock change', () => {
  it.each([
    ['before the change', '2027-11-07 01:59:50', '2027-11-07 01:59:55'],
    ['after the change', '2027-11-07 01:59:50', '2027-11-07 01:00:05'],
    ['both in the second hour', '2027-11-07 01:00:02', '2027-11-07 01:00:05'],
  ])(
    'reads a change %s',
    async (_name, cursor, updatedAt) => {
      const zone = 'America/New_York';
      // 01:00:10 EST, the second time the clock reads 01:00:10 that night.
      const sourceNowMs = Date.UTC(2027, 10, 7, 6, 0, 10);
      const setup = {
        timeZone: zone,
        offsetMs: sourceNowMs - Date.now(),
        syncFollows: true,
      };
      const orders = generateOrders({
        count: 5,
        seed: 12,
        startId: 50_000,
        from: '2027-10-01 00:00:00',
        to: '2027-10-30 00:00:00',
      });
      const { world, watch, run } = await worldAt(setup, orders);
      await world.setCheckpoint({
        feeds: {
          updated_after: { cursor },
          schedule_updated_after: { cursor },
        },
      });
      const changed = world.sim.updateOrder(orders[0]?.id ?? 0, {
        status: 'cancelled',
        updated_at: updatedAt,
      });

      const result = await run();

      expect(result.error).toBeUndefined();
      const item = (await world.orders()).find((o) => o.id === changed.id);
      expect(item).toBeDefined();
      expect(apiFields(item ?? {})).toEqual(changed);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );
});

const HTTP_DATES = {
  missing: null,
  'in 1999': 'Fri, 31 Dec 1999 23:59:59 GMT',
  'in 2100': 'Fri, 01 Jan 2100 00:00:00 GMT',
  'the text 0': '0',
  'the text 12': '12',
  'not a date': 'yesterday',
  'an epoch': 'Thu, 01 Jan 1970 00:00:00 GMT',
};

describe('Date header', () => {
  const cases = Object.entries(HTTP_DATES).flatMap(([name, date]) =>
    (['every page', 'page 2'] as const).map(
      (where) => [name, where, date] as const,
    ),
  );

  it.each(cases)(
    '%s on %s loses nothing',
    async (_name, where, date) => {
      const setup = { timeZone: 'Europe/Moscow', offsetMs: 0 };
      const { world, watch } = await worldAt(
        setup,
        ordersAtSource(setup, 30, 7),
      );
      const rewrite = (original: string | null, url: string) =>
        where === 'every page' || new URL(url).searchParams.get('page') === '2'
          ? date
          : original;
      const run = () => watch.run({ tap: { rewriteDate: rewrite } });

      const runs = [await run()];
      const change = churn(world, 0);
      runs.push(await run(), await run());

      for (const result of runs) {
        expect(result.error).toBeUndefined();
      }
      await expectTableMatchesSource(world);
      expectAnnounced(watch.events(), change);
      expect(await rejectedRecords(world)).toEqual([]);
      const cursor = (await world.checkpoint()).feeds.updated_after?.cursor;
      expect((cursor ?? '') <= world.sim.sourceNow()).toBe(true);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );

  it.each(Object.entries(HTTP_DATES).filter(([, date]) => date !== null))(
    '%s in a raw response loses nothing',
    async (_name, date) => {
      const setup = { timeZone: 'Europe/Moscow', offsetMs: 0 };
      const { world, watch, run } = await worldAt(
        setup,
        ordersAtSource(setup, 6, 8),
      );
      world.sim.injectFault({
        status: 200,
        headers: { 'content-type': 'application/json', date: String(date) },
        body: JSON.stringify({
          count: 6,
          next: null,
          previous: null,
          results: world.sim.orders(),
        }),
      });

      const faulted = await run();
      const change = churn(world, 0);
      const after = await run();

      expect(faulted.error).toBeUndefined();
      expect(after.error).toBeUndefined();
      await expectTableMatchesSource(world);
      expectAnnounced(watch.events(), change);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );
});

describe('record from the future', () => {
  const cases: [string, (now: number) => string][] = [
    ['in 2100', () => '2100-01-01 00:00:00'],
    ['at the end of 9999', () => '9999-12-31 23:59:59'],
    ['two days ahead', (now) => moscow(now + 2 * DAY_MS)],
    ['a year ahead', (now) => moscow(now + 366 * DAY_MS)],
  ];

  it.each(cases)(
    '%s is set aside',
    async (_name, stamp) => {
      const setup = { timeZone: 'Europe/Moscow', offsetMs: 0 };
      const { world, watch, run } = await worldAt(
        setup,
        ordersAtSource(setup, 8, 9),
      );
      await run();
      const before = await world.checkpoint();
      const [victim, other] = world.sim.orders();
      if (!victim || !other) throw new Error('too few orders');
      const future = world.sim.updateOrder(victim.id, {
        status: 'cancelled',
        updated_at: stamp(Date.now()),
      });
      const changed = world.sim.setStatus(other.id, 'cancelled');

      const result = await run();

      expect(result.error).toBeUndefined();
      const items = new Map(
        (await world.orders()).map((item) => [item.id, apiFields(item)]),
      );
      expect(items.get(victim.id)).toEqual(victim);
      expect(items.get(other.id)).toEqual(changed);
      const rejects = await rejectedRecords(world);
      expect(rejects.map((r) => r.order_id)).toContain(future.id);
      const after = await world.checkpoint();
      const cursor = after.feeds.updated_after?.cursor ?? '';
      expect(cursor <= world.sim.sourceNow()).toBe(true);
      expect(cursor >= (before.feeds.updated_after?.cursor ?? '')).toBe(true);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );

  it.each(cases)(
    '%s in a Date-2100 response is set aside',
    async (_name, stamp) => {
      const setup = { timeZone: 'Europe/Moscow', offsetMs: 0 };
      const { world, watch, run } = await worldAt(
        setup,
        ordersAtSource(setup, 4, 10),
      );
      const [victim] = world.sim.orders();
      if (!victim) throw new Error('no order');
      const future = { ...victim, updated_at: stamp(Date.now()) };
      world.sim.injectFault({
        status: 200,
        headers: {
          'content-type': 'application/json',
          date: 'Fri, 01 Jan 2100 00:00:00 GMT',
        },
        body: JSON.stringify({
          count: 1,
          next: null,
          previous: null,
          results: [future],
        }),
      });

      const result = await run();

      expect(result.error).toBeUndefined();
      expect(await world.orders()).toEqual([]);
      const rejects = await rejectedRecords(world);
      expect(rejects.map((r) => r.order_id)).toEqual([victim.id]);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );
});

function moscow(epochMs: number): string {
  return formatInTimeZone(epochMs, 'Europe/Moscow');
}
