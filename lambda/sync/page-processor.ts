import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventContext, OrderEvent } from '../events/order-event';
import type { EventPublisher } from '../events/publisher';
import type { OrderItem, StoredOrderState } from '../order-item';
import { type OrderRecord, validateRecord } from '../order-record';
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
  /** Records on the page, valid or not. */
  readonly fetched: number;
  /** The valid records, in page order. */
  readonly valid: OrderRecord[];
  readonly plan: ChangePlan;
  /** Events left pending on stored items, rebuilt to publish again. */
  readonly republished: OrderEvent[];
  /** Those stored items without their pending events, unless planned. */
  readonly cleared: OrderItem[];
}

/**
 * Stores one page of records and publishes its events: `preparePage`, then
 * `commitPage`. Returns the valid records, in page order.
 */
export async function processPage(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<OrderRecord[]> {
  const prepared = await preparePage(records, context, deps);
  await commitPage(prepared, deps);

  return prepared.valid;
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
    fetched: records.length,
    valid,
    plan,
    republished: pendingEvents(leftover, deps.events),
    cleared: leftover
      .filter((item) => !planned.has(item.id))
      .map(withoutPending),
  };
}

/**
 * Returns the items that committing the page leaves in the table, by id,
 * unless a conditional write finds a newer version.
 */
export function committedItems(page: PreparedPage): Map<number, OrderItem> {
  return new Map(
    [...page.plan.writes, ...page.cleared].map((item) => [item.id, item]),
  );
}

/**
 * Writes and publishes a prepared page. An order that has events is first
 * written with them marked pending (see `pending-events.ts`). Then the
 * events are published, and every changed order is written without a mark.
 * A run that dies in between leaves the events on the item, and the next
 * run that reads the order publishes them again under the same ids, even
 * if the order has changed back meanwhile.
 */
export async function commitPage(
  page: PreparedPage,
  deps: PageProcessorDeps,
): Promise<void> {
  const { plan, republished } = page;
  await deps.publisher.publish(republished);

  const marked = await deps.orders.save(markPending(plan.writes, plan.events));
  const events = plan.events.filter(
    (event) => !marked.stale.includes(Number(event.subject)),
  );
  await deps.publisher.publish(events);
  await deps.onStep?.('events-published');
  const saved = await deps.orders.save(plan.writes);
  await deps.orders.save(page.cleared);
  await deps.onStep?.('orders-written');

  countPage(deps.counters, page.fetched, plan, saved, [
    ...republished,
    ...events,
  ]);
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

async function setAsideInvalid(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<OrderRecord[]> {
  const valid: OrderRecord[] = [];
  for (const raw of records) {
    const check = validateRecord(raw, context.latestUpdatedAt);
    if (check.valid) {
      valid.push(check.order);
      continue;
    }
    const recordKey = await deps.rejects.setAside(
      { raw, reason: check.reason, orderId: check.orderId, feed: context.feed },
      context.observedAt,
    );
    deps.counters.orders_rejected++;
    deps.logger.warn('Record set aside', {
      orderId: check.orderId,
      reason: check.reason,
      recordKey,
      feed: context.feed,
    });
  }

  return valid;
}
