import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStep } from '../../lambda/sync/steps';
import { logger } from '../../lambda/telemetry';
import { type ApiOrder, generateOrders, type Ordering } from '../simulator';
import { formatInTimeZone } from '../simulator/clock';
import type { ServedPage } from '../support/fetch-tap';
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

const STATUSES = [
  'processing',
  'paid',
  'cancelled',
  'confirmation',
  'pending_payment',
];
const STEPS: SyncStep[] = [
  'page-fetched',
  'events-published',
  'orders-written',
  'resume-saved',
  'checkpoint-saved',
];
const ORDERINGS: Ordering[] = ['-id', 'id', 'updated_at', '-updated_at'];

type MutationKind =
  | 'status'
  | 'create'
  | 'reschedule'
  | 'cursor-second'
  | 'same-second';

/** One change at the source; `pick` selects the order among those present. */
interface Mutation {
  readonly kind: MutationKind;
  readonly pick: number;
  readonly status: string;
  readonly count: number;
  readonly startHours: number | null;
}

interface Scenario {
  readonly size: number;
  readonly pageSize: number;
  readonly ordering: Ordering;
  readonly seed: number;
  /** Seconds between the oldest and the newest `updated_at`. */
  readonly spreadSeconds: number;
  /** Share of orders, in percent, that have one `updated_at` in common. */
  readonly sharedPercent: number;
  /** Whether an undisturbed backfill runs before the disturbed run. */
  readonly incremental: boolean;
  readonly overlapSeconds: number;
  readonly boundInclusive: boolean;
  /** Changes made before the n-th orders request of the disturbed run. */
  readonly during: readonly { request: number; mutation: Mutation }[];
  /** Changes made after the disturbed run, before the next one. */
  readonly between: readonly Mutation[];
  readonly crash: { step: SyncStep; occurrence: number } | null;
  /** How far the sync's clock moves per reading, so passes stop and resume. */
  readonly clockStepMs: number | null;
  /** `PAGE_CONCURRENCY` of every run. */
  readonly pageConcurrency: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<MutationKind>(
    'status',
    'create',
    'reschedule',
    'cursor-second',
    'same-second',
  ),
  pick: fc.nat(),
  status: fc.constantFrom(...STATUSES),
  count: fc.integer({ min: 2, max: 40 }),
  startHours: fc.option(fc.integer({ min: 0, max: 5000 })),
});

const scenario: fc.Arbitrary<Scenario> = fc.record({
  size: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 41, max: 300 }) },
  ),
  pageSize: fc.integer({ min: 3, max: 50 }),
  ordering: fc.constantFrom(...ORDERINGS),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  spreadSeconds: fc.constantFrom(120, 3600, 365 * 86_400),
  sharedPercent: fc.constantFrom(0, 0, 30, 100),
  incremental: fc.boolean(),
  overlapSeconds: fc.constantFrom(0, 1, 300),
  boundInclusive: fc.boolean(),
  during: fc.array(fc.record({ request: fc.nat({ max: 12 }), mutation }), {
    maxLength: 10,
  }),
  between: fc.array(mutation, { maxLength: 4 }),
  crash: fc.option(
    fc.record({
      step: fc.constantFrom(...STEPS),
      occurrence: fc.integer({ min: 1, max: 5 }),
    }),
    { freq: 4 },
  ),
  clockStepMs: fc.option(fc.constantFrom(300, 1500, 6000), { freq: 2 }),
  pageConcurrency: fc.constantFrom(1, 1, 3),
});

class Crash extends Error {}

/** A crash thrown by a step hook, wrapped in the run's error or not. */
const isCrash = (error: Error | undefined) =>
  error instanceof Crash || error?.cause instanceof Crash;

type FeedName = 'updated_after' | 'schedule_updated_after';

/**
 * Counts the steps of a run and throws at one occurrence of one step. It
 * also counts the pages whose events were published, by feed: the feed of
 * the simulator's latest orders request, because a run ends a feed's pass,
 * commits included, before it requests the next feed's first page.
 */
function stepCounter(world: World, crash: Scenario['crash']) {
  const counts = new Map<SyncStep, number>();
  const pages: Record<FeedName, number> = {
    updated_after: 0,
    schedule_updated_after: 0,
  };
  const hook = (step: SyncStep) => {
    if (step === 'events-published') {
      pages[latestFeed(world)]++;
    }
    const count = (counts.get(step) ?? 0) + 1;
    counts.set(step, count);
    if (crash !== null && crash.step === step && crash.occurrence === count) {
      throw new Crash(`crash after ${step} #${count}`);
    }
  };

  return { hook, pages };
}

function latestFeed(world: World): FeedName {
  const { requests } = world.sim;
  for (let index = requests.length - 1; index >= 0; index--) {
    const query = requests[index]?.query ?? {};
    if ('schedule_updated_after' in query) return 'schedule_updated_after';
    if ('updated_after' in query) return 'updated_after';
  }
  throw new Error('no orders request before the events of a page');
}

/** Returns a clock that moves `stepMs` per reading, starting now. */
function steppingClock(stepMs: number): () => number {
  let now = Date.now();
  return () => {
    now += stepMs;
    return now;
  };
}

/** What the sync read of one order on a page it went on to process. */
interface Observation {
  readonly status: string;
  readonly updated_at: string;
  readonly start_at: unknown;
}

const SOURCE_ZONE = 'Europe/Moscow';

function initialOrders(scenario: Scenario): ApiOrder[] {
  const to = formatInTimeZone(Date.now() - 2000, SOURCE_ZONE);
  const from = formatInTimeZone(
    Date.now() - 2000 - scenario.spreadSeconds * 1000,
    SOURCE_ZONE,
  );
  const orders = generateOrders({
    count: scenario.size,
    seed: scenario.seed,
    startId: 1000,
    from,
    to,
  });
  const shared = Math.floor((orders.length * scenario.sharedPercent) / 100);
  for (const order of orders.slice(0, shared)) {
    order.updated_at = to;
  }

  return orders;
}

/**
 * Applies a change at the source. A cursor-second change is stamped with
 * `cursorSecond` only when that second is at most the overlap window (at
 * least one second) minus one behind the source's current second. The
 * current second may be nearly over, so a stamp further back can belong to
 * a commit that landed later after it than the window is meant to cover.
 */
function applyMutation(
  world: World,
  change: Mutation,
  cursorSecond: string | undefined,
  overlapSeconds: number,
): void {
  const orders = world.sim.orders();
  const target = orders[change.pick % Math.max(orders.length, 1)];
  const startAt =
    change.startHours === null
      ? null
      : formatInTimeZone(
          Date.UTC(2030, 0, 1) + change.startHours * 3_600_000,
          'UTC',
        );
  if (change.kind === 'create' || target === undefined) {
    world.sim.createOrder({ status: change.status });
  } else if (change.kind === 'status') {
    world.sim.setStatus(target.id, change.status);
  } else if (change.kind === 'reschedule') {
    world.sim.reschedule(target.id, startAt);
  } else if (change.kind === 'same-second') {
    for (let index = 0; index < change.count; index++) {
      const order = orders[(change.pick + index * 7) % orders.length];
      if (order !== undefined) world.sim.setStatus(order.id, change.status);
    }
  } else if (
    cursorSecond !== undefined &&
    target.updated_at <= cursorSecond &&
    secondsBetween(cursorSecond, world.sim.sourceNow()) <=
      Math.max(overlapSeconds, 1) - 1
  ) {
    world.sim.updateOrder(target.id, {
      status: change.status,
      updated_at: cursorSecond,
    });
  } else {
    world.sim.setStatus(target.id, change.status);
  }
}

function feedOf(page: ServedPage): FeedName {
  return new URL(page.url).searchParams.has('updated_after')
    ? 'updated_after'
    : 'schedule_updated_after';
}

function pageNumberOf(page: ServedPage): number {
  return Number(new URL(page.url).searchParams.get('page') ?? 1);
}

function secondsBetween(from: string, to: string): number {
  const ms = (value: string) => Date.parse(`${value.replace(' ', 'T')}Z`);

  return (ms(to) - ms(from)) / 1000;
}

/**
 * Adds the records of the pages a run processed to `observed`: the first
 * `processed[feed]` pages of each feed. A pass processes its pages in
 * order, but with page concurrency they can arrive out of order, so each
 * feed's pages are sorted by page number first.
 */
function observe(
  observed: Map<number, Observation[]>,
  pages: readonly ServedPage[],
  processed: Record<FeedName, number>,
): void {
  const inOrder = (feed: FeedName) =>
    pages
      .filter((page) => feedOf(page) === feed)
      .sort((a, b) => pageNumberOf(a) - pageNumberOf(b))
      .slice(0, processed[feed]);
  const feeds: FeedName[] = ['updated_after', 'schedule_updated_after'];
  for (const page of feeds.flatMap(inOrder)) {
    for (const record of page.records) {
      const id = Number(record.id);
      const list = observed.get(id) ?? [];
      list.push({
        status: String(record.status),
        updated_at: String(record.updated_at),
        start_at: record.start_at ?? null,
      });
      observed.set(id, list);
    }
  }
}

/**
 * Each status the sync read that differs from the status it read before
 * for that order (or the first one it read) must be announced by an event
 * with that status and the same or a later `updated_at`. The same holds for
 * each new `start_at` and a reschedule event.
 */
function expectObservedChangesPublished(
  observed: Map<number, Observation[]>,
  events: readonly PublishedEvent[],
): void {
  for (const [id, observations] of observed) {
    const published = events.filter(({ body }) => body.subject === String(id));
    let status: string | undefined;
    let startAt: unknown;
    for (const [index, seen] of observations.entries()) {
      if (seen.status !== status) {
        const announced = published.some(
          ({ body }) =>
            body.type === 'order.status_changed' &&
            body.data.status === seen.status &&
            String(body.data.order.updated_at) >= seen.updated_at,
        );
        expect(announced, `order ${id} became ${seen.status}`).toBe(true);
      }
      if (index > 0 && seen.start_at !== startAt) {
        const announced = published.some(
          ({ body }) =>
            body.type === 'order.rescheduled' &&
            body.data.start_at === seen.start_at &&
            String(body.data.order.updated_at) >= seen.updated_at,
        );
        expect(announced, `order ${id} moved to ${seen.start_at}`).toBe(true);
      }
      status = seen.status;
      startAt = seen.start_at;
    }
  }
}

/** Expects an event for each status in the table's status histories. */
function expectRecordedHistoryPublished(
  items: readonly Record<string, unknown>[],
  events: readonly PublishedEvent[],
): void {
  for (const item of items) {
    const history = item.sync_status_history as {
      status: string;
      updated_at: string;
    }[];
    let previous: string | null = null;
    for (const entry of history) {
      const announced = events.some(
        ({ body }) =>
          body.type === 'order.status_changed' &&
          body.subject === String(item.id) &&
          body.data.previous_status === previous &&
          body.data.status === entry.status &&
          body.data.order.updated_at === entry.updated_at,
      );
      expect(
        announced,
        `order ${item.id} ${previous}>${entry.status} is recorded`,
      ).toBe(true);
      previous = entry.status;
    }
  }
}

async function runScenario(scenario: Scenario): Promise<void> {
  const world = await createWorld(moto, {
    simulator: {
      orders: initialOrders(scenario),
      pageSize: scenario.pageSize,
      ordering: scenario.ordering,
      boundInclusive: scenario.boundInclusive,
      timeZone: SOURCE_ZONE,
    },
  });
  try {
    await checkScenario(world, scenario);
  } finally {
    await world.stop();
  }
}

async function checkScenario(world: World, scenario: Scenario): Promise<void> {
  const watch = new LeakWatch(world);
  const env = {
    OVERLAP_WINDOW_SECONDS: String(scenario.overlapSeconds),
    PUBLISH_BACKFILL_EVENTS: 'true',
    // Absent from examples recorded before the setting was varied.
    PAGE_CONCURRENCY: String(scenario.pageConcurrency ?? 1),
  };
  const observed = new Map<number, Observation[]>();
  const undisturbed = async () => {
    const steps = stepCounter(world, null);
    const run = await watch.run({ env, overrides: { onStep: steps.hook } });
    expect(run.error).toBeUndefined();
    observe(observed, run.tap.pages, steps.pages);
  };
  if (scenario.incremental) {
    await undisturbed();
  }
  const savedCursor = (await world.checkpoint()).feeds.updated_after?.cursor;

  let requests = 0;
  let passStart: string | undefined;
  const stopMutating = world.sim.onOrdersRequest(({ page }) => {
    if (page === 1) passStart = world.sim.sourceNow();
    for (const planned of scenario.during) {
      if (planned.request === requests) {
        const second = planned.mutation.count % 2 ? savedCursor : passStart;
        applyMutation(world, planned.mutation, second, scenario.overlapSeconds);
      }
    }
    requests++;
  });
  const steps = stepCounter(world, scenario.crash);
  const disturbed = await watch.run({
    env: {
      ...env,
      RESUME_POINT_INTERVAL_SECONDS: '1',
      ...(scenario.clockStepMs === null ? {} : { TIME_BUDGET_SECONDS: '10' }),
    },
    overrides: {
      onStep: steps.hook,
      ...(scenario.clockStepMs === null
        ? {}
        : { now: steppingClock(scenario.clockStepMs) }),
    },
  });
  stopMutating();
  if (disturbed.error !== undefined) {
    expect(isCrash(disturbed.error)).toBe(true);
  }
  observe(observed, disturbed.tap.pages, steps.pages);
  const cursorAfter = (await world.checkpoint()).feeds.updated_after?.cursor;
  for (const change of scenario.between) {
    applyMutation(world, change, cursorAfter, scenario.overlapSeconds);
  }

  await undisturbed();
  await undisturbed();

  const items = byId(await world.orders());
  expect(items.map(apiFields)).toEqual(byId(world.sim.orders()));
  expectObservedChangesPublished(observed, watch.events());
  expectRecordedHistoryPublished(items, watch.events());
  await watch.expectNoSecrets();
}

/** Orders sharing one `updated_at`, a second before now. */
function ordersSharingOneSecond(count: number): ApiOrder[] {
  const second = formatInTimeZone(Date.now() - 1000, SOURCE_ZONE);
  return generateOrders({ count, seed: 77, startId: 5000 }).map((order) => ({
    ...order,
    updated_at: second,
  }));
}

/** Compares orders the way the simulator lists them, ties by id. */
function listingOrder(ordering: Ordering) {
  const direction = ordering.startsWith('-') ? -1 : 1;
  return (a: ApiOrder, b: ApiOrder) =>
    ordering.endsWith('updated_at')
      ? direction * (a.updated_at.localeCompare(b.updated_at) || a.id - b.id)
      : direction * (a.id - b.id);
}

const statusesOf = (events: readonly PublishedEvent[], id: number) =>
  events
    .filter(
      ({ body }) =>
        body.type === 'order.status_changed' && body.subject === String(id),
    )
    .map(({ body }) => `${body.data.previous_status}>${body.data.status}`);

describe('exact cursor second', () => {
  const cases = [0, 1, 300].flatMap((overlap) =>
    [false, true].flatMap((boundInclusive) =>
      (['-id', 'updated_at'] as Ordering[]).map(
        (ordering) => [overlap, boundInclusive, ordering] as const,
      ),
    ),
  );

  it.each(cases)(
    'reads it with overlap %i, inclusive %s, order %s',
    async (overlap, boundInclusive, ordering) => {
      const world = await createWorld(moto, {
        simulator: {
          orders: generateOrders({ count: 30, seed: 8, startId: 7000 }),
          pageSize: 7,
          ordering,
          boundInclusive,
        },
      });
      const watch = new LeakWatch(world);
      const env = {
        OVERLAP_WINDOW_SECONDS: String(overlap),
        PUBLISH_BACKFILL_EVENTS: 'true',
      };
      let passStart = '';
      const byListing = world.sim.orders().sort(listingOrder(ordering));
      const [early, late, afterwards] = byListing;
      if (!early || !late || !afterwards) throw new Error('too few orders');
      world.sim.onOrdersRequest(({ page, url }) => {
        if (!url.includes('updated_after')) return;
        if (page === 1) passStart = world.sim.sourceNow();
        // A change stamped with the pass's first second, after its page.
        if (page === 3) {
          world.sim.updateOrder(early.id, {
            status: 'cancelled',
            updated_at: passStart,
          });
        }
      });

      const first = await watch.run({ env });
      const cursor = (await world.checkpoint()).feeds.updated_after?.cursor;
      world.sim.updateOrder(late.id, { status: 'paid', updated_at: cursor });
      world.sim.updateOrder(afterwards.id, {
        status: 'confirmation',
        updated_at: cursor,
      });
      const second = await watch.run({ env });
      const third = await watch.run({ env });

      expect(first.error).toBeUndefined();
      expect(second.error).toBeUndefined();
      expect(third.error).toBeUndefined();
      expect(byId(await world.orders()).map(apiFields)).toEqual(
        byId(world.sim.orders()),
      );
      const events = watch.events();
      expect(statusesOf(events, early.id)).toContain(
        `${early.status}>cancelled`,
      );
      expect(statusesOf(events, late.id).at(-1)).toMatch(/>paid$/);
      expect(statusesOf(events, afterwards.id).at(-1)).toMatch(
        />confirmation$/,
      );
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );
});

describe('one updated_at for many orders', () => {
  const cases = (['updated_at', '-id'] as Ordering[]).flatMap((ordering) =>
    [7, 30, 50].map((pageSize) => [ordering, pageSize] as const),
  );

  it.each(cases)(
    'converges with order %s and pages of %i',
    async (ordering, pageSize) => {
      const world = await createWorld(moto, {
        simulator: { orders: ordersSharingOneSecond(200), pageSize, ordering },
      });
      const watch = new LeakWatch(world);
      const env = { PUBLISH_BACKFILL_EVENTS: 'true' };
      const [first, second] = world.sim.orders();
      const last = world.sim.orders().at(-1);
      if (!first || !second || !last) throw new Error('too few orders');
      const stop = world.sim.onOrdersRequest(({ page }) => {
        // Changes on the first page and across page boundaries mid-pass.
        if (page === 2) world.sim.setStatus(first.id, 'cancelled');
        if (page === 3) {
          world.sim.setStatus(second.id, 'paid');
          world.sim.setStatus(last.id, 'cancelled');
        }
      });

      const disturbed = await watch.run({ env });
      stop();
      await watch.run({ env });
      await watch.run({ env });

      expect(disturbed.error).toBeUndefined();
      expect(byId(await world.orders()).map(apiFields)).toEqual(
        byId(world.sim.orders()),
      );
      const events = watch.events();
      expect(statusesOf(events, first.id).at(-1)).toMatch(/>cancelled$/);
      expect(statusesOf(events, second.id).at(-1)).toMatch(/>paid$/);
      expect(statusesOf(events, last.id).at(-1)).toMatch(/>cancelled$/);
      await watch.expectNoSecrets();
      await world.stop();
    },
    60_000,
  );
});

describe('resumed pass', () => {
  const cases = ORDERINGS.flatMap((ordering) =>
    (['pause', 'crash'] as const).map((stop) => [ordering, stop] as const),
  );

  it.each(cases)(
    'keeps every order with order %s after a %s',
    async (ordering, stop) => {
      const world = await createWorld(moto, {
        simulator: {
          orders: generateOrders({ count: 60, seed: 9, startId: 8000 }),
          pageSize: 10,
          ordering,
        },
      });
      const watch = new LeakWatch(world);
      const env = { PUBLISH_BACKFILL_EVENTS: 'true' };
      const firstPage = [...world.sim.orders()];
      let now = Date.now();
      const removeClock = world.sim.onOrdersRequest(() => {
        now += 4000;
      });
      const pausing = {
        env: { ...env, TIME_BUDGET_SECONDS: '10' },
        overrides: { now: () => now },
      };
      const crashing = {
        env: { ...env, RESUME_POINT_INTERVAL_SECONDS: '1' },
        overrides: {
          now: () => now,
          onStep: (step: SyncStep) => {
            if (step === 'resume-saved') throw new Crash('crash after resume');
          },
        },
      };

      const first = await watch.run(stop === 'pause' ? pausing : crashing);
      removeClock();
      // Orders read before the pause change while the pass waits.
      for (const order of firstPage.slice(0, 20)) {
        world.sim.setStatus(order.id, 'cancelled');
      }
      await watch.run({ env });
      await watch.run({ env });
      await watch.run({ env });

      expect(first.summary?.outcome ?? 'crashed').not.toBe('completed');
      expect(byId(await world.orders()).map(apiFields)).toEqual(
        byId(world.sim.orders()),
      );
      await watch.expectNoSecrets();
      await world.stop();
    },
    60_000,
  );
});

describe('status that flips back', () => {
  it.each(STEPS.filter((step) => step !== 'resume-saved'))(
    'is published after a crash at %s',
    async (step) => {
      const world = await createWorld(moto, {
        simulator: {
          orders: generateOrders({ count: 12, seed: 10, startId: 9000 }),
        },
      });
      const watch = new LeakWatch(world);
      const env = { PUBLISH_BACKFILL_EVENTS: 'true' };
      await watch.run({ env });
      const order = world.sim.orders()[0];
      if (order === undefined) throw new Error('no order');
      const original = order.status;
      const flipped = original === 'paid' ? 'cancelled' : 'paid';
      world.sim.setStatus(order.id, flipped);

      const crashed = await watch.run({
        env,
        overrides: {
          onStep: (reached) => {
            if (reached === step) throw new Crash(`crash after ${step}`);
          },
        },
      });
      world.sim.setStatus(order.id, original);
      await watch.run({ env });

      expect(isCrash(crashed.error)).toBe(true);
      const transitions = statusesOf(watch.events(), order.id);
      const last = transitions.at(-1) ?? '';
      expect(last.endsWith(`>${original}`)).toBe(true);
      expect((await world.orders())[0]?.status).toBe(original);
      await watch.expectNoSecrets();
      await world.stop();
    },
    30_000,
  );
});

/**
 * Scenarios per run. DRIFT_RUNS raises it for a longer search, and
 * DRIFT_EXAMPLE replays a failed scenario given as JSON.
 */
const DRIFT_RUNS = Number(process.env.DRIFT_RUNS ?? 80);

describe('page drift', () => {
  it(
    'converges with every observed change published',
    async () => {
      const example = process.env.DRIFT_EXAMPLE;
      await fc.assert(fc.asyncProperty(scenario, runScenario), {
        numRuns: DRIFT_RUNS,
        endOnFailure: true,
        examples: example ? [[JSON.parse(example)]] : [],
      });
    },
    60_000 + DRIFT_RUNS * 3000,
  );
});
