import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventContext, OrderEvent } from '../events/order-event';
import type { EventPublisher } from '../events/publisher';
import type { OrderItem, StoredOrderState } from '../order-item';
import type { OrderRecord } from '../order-record';
import type { OrderStore, SaveResult } from '../stores/order-store';
import type { RejectedRecordStore } from '../stores/rejected-record-store';
import { type ChangePlan, latestPerOrder, planChanges } from './changes';
import type { RunCounters } from './counters';
import {
  idsWithPending,
  markPending,
  pendingEvents,
  withoutPending,
} from './pending-events';
import { setAsideInvalid, setAsideRejected } from './set-aside';
import type { StepHook } from './steps';

export interface PageProcessorDeps {
  readonly orders: OrderStore;
  readonly rejects: RejectedRecordStore;
  readonly publisher: EventPublisher;
  readonly events: EventContext;
  readonly logger: Logger;
  readonly counters: RunCounters;
  readonly onStep?: StepHook;
}

export interface PageContext {
  readonly feed: string;
  /** Newest believable `updated_at`, source time. */
  readonly latestUpdatedAt: string;
  readonly publishFirstSightings: boolean;
  readonly observedAt: string;
}

/** A page whose writes and events are planned, ready to commit. */
export interface PreparedPage {
  readonly context: PageContext;
  /** Records on the page, valid or not. */
  readonly fetched: number;
  /** The valid records, in page order. */
  readonly valid: OrderRecord[];
  /** The valid records, one per order: the latest when an id came twice. */
  readonly orders: OrderRecord[];
  readonly plan: ChangePlan;
  /** Events left pending on stored items, rebuilt to publish again. */
  readonly republished: OrderEvent[];
  /** Those stored items without their pending events, unless planned. */
  readonly cleared: OrderItem[];
}

/**
 * Stores one page of records and publishes its events: `preparePage`, then
 * `commitPage`. Returns the valid records, in page order, and the ids of
 * the orders that DynamoDB rejected, which were set aside.
 */
export async function processPage(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<{ valid: OrderRecord[]; setAside: Set<number> }> {
  const prepared = await preparePage(records, context, deps);
  const setAside = await commitPage(prepared, deps);

  return { valid: prepared.valid, setAside };
}

/**
 * Sets invalid records aside, reads what the table holds for the others and
 * plans the page's writes and events. It writes no order, so it may run
 * while the page before is committed. `committing` maps each order of that
 * commit to the item it leaves in the table. Those items replace what the
 * read returns, because the read may come before the writes land.
 */
export async function preparePage(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
  committing: ReadonlyMap<number, OrderItem> = new Map(),
): Promise<PreparedPage> {
  const valid = await setAsideInvalid(records, context, deps);
  const { orders } = latestPerOrder(valid);
  const page = { context, fetched: records.length, valid, orders };

  return { ...page, ...(await planPage(page, deps, committing)) };
}

/** Plans a prepared page again from what the table contains now. */
export async function replanPage(
  page: PreparedPage,
  deps: PageProcessorDeps,
): Promise<PreparedPage> {
  return { ...page, ...(await planPage(page, deps, new Map())) };
}

async function planPage(
  page: Pick<PreparedPage, 'context' | 'orders'>,
  deps: PageProcessorDeps,
  committing: ReadonlyMap<number, OrderItem>,
): Promise<Pick<PreparedPage, 'plan' | 'republished' | 'cleared'>> {
  const { context, orders } = page;
  const stored = await deps.orders.getStates(orders.map((order) => order.id));
  for (const order of orders) {
    const item = committing.get(order.id);
    if (item !== undefined) {
      stored.set(order.id, item as unknown as StoredOrderState);
    }
  }
  const plan = planChanges(orders, stored, {
    events: deps.events,
    publishFirstSightings: context.publishFirstSightings,
    observedAt: context.observedAt,
  });
  const leftover = await deps.orders.getItems(idsWithPending(stored));
  const planned = new Set(plan.writes.map((item) => item.id));

  return {
    plan,
    republished: pendingEvents(leftover, deps.events),
    cleared: leftover
      .filter((item) => !planned.has(item.id))
      .map(withoutPending),
  };
}

/**
 * Returns the items that committing the page leaves in the table, by id,
 * unless a conditional write finds a newer version or DynamoDB rejects one.
 */
export function committedItems(page: PreparedPage): Map<number, OrderItem> {
  return new Map(
    [...page.plan.writes, ...page.cleared].map((item) => [item.id, item]),
  );
}

/**
 * Writes and publishes a prepared page. Events left pending by an earlier
 * run are published again and their marks cleared first. An order that
 * has events is then written with them marked pending (see
 * `pending-events.ts`), the events are published, and every changed order
 * is written without a mark. A run that dies in between leaves the events
 * on the item, and the next run that reads the order publishes them again
 * under the same ids, even if the order has changed back meanwhile.
 * Orders that DynamoDB rejects are set aside and publish nothing. Returns
 * the ids of the orders set aside.
 */
export async function commitPage(
  page: PreparedPage,
  deps: PageProcessorDeps,
): Promise<Set<number>> {
  const { plan, republished } = page;
  await deps.publisher.publish(republished);
  const cleared = await deps.orders.save(page.cleared);

  const marked = await deps.orders.save(markPending(plan.writes, plan.events));
  const rejectedIds = new Set(marked.rejected.map(({ item }) => item.id));
  const skipped = new Set([...marked.stale, ...rejectedIds]);
  const events = plan.events.filter(
    (event) => !skipped.has(Number(event.subject)),
  );
  await deps.publisher.publish(events);
  await deps.onStep?.('events-published');
  const saved = await deps.orders.save(
    plan.writes.filter((item) => !rejectedIds.has(item.id)),
  );
  await deps.onStep?.('orders-written');

  const rejected = [...cleared.rejected, ...marked.rejected, ...saved.rejected];
  await setAsideRejected(rejected, page.context, deps);
  countPage(deps.counters, page.fetched, plan, saved, [
    ...republished,
    ...events,
  ]);

  return new Set(rejected.map(({ item }) => item.id));
}

function countPage(
  counters: RunCounters,
  fetched: number,
  plan: ChangePlan,
  saved: SaveResult,
  published: readonly OrderEvent[],
): void {
  counters.orders_fetched += fetched;
  counters.orders_written += saved.written;
  counters.orders_unchanged += plan.unchanged;
  counters.orders_stale += plan.stale + saved.stale.length;
  counters.events_published += published.length;
  for (const event of published) {
    if (event.type !== 'order.status_changed') {
      continue;
    }
    const status = event.data.status;
    counters.events_by_status[status] =
      (counters.events_by_status[status] ?? 0) + 1;
  }
}
