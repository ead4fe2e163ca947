import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventContext, OrderEvent } from '../events/order-event';
import type { EventPublisher } from '../events/publisher';
import { type OrderRecord, validateRecord } from '../order-record';
import type { OrderStore, SaveResult } from '../stores/order-store';
import type { RejectedRecordStore } from '../stores/rejected-record-store';
import { latestPerOrder, planChanges } from './changes';
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

/**
 * Stores one page of records and publishes its events. An order that has
 * events is first written with them marked pending (see `pending-events.ts`).
 * Then the events are published, and every changed order is written without
 * a mark. A run that dies in between leaves the events on the item, and the
 * next run that reads the order publishes them again under the same ids,
 * even if the order has changed back meanwhile. Returns the valid records,
 * in page order.
 */
export async function processPage(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<OrderRecord[]> {
  const valid = await setAsideInvalid(records, context, deps);
  const { orders } = latestPerOrder(valid);
  const stored = await deps.orders.getStates(orders.map((order) => order.id));
  const plan = planChanges(orders, stored, {
    events: deps.events,
    publishFirstSightings: context.publishFirstSightings,
    observedAt: context.observedAt,
  });
  const leftover = await deps.orders.getItems(idsWithPending(stored));
  const republished = pendingEvents(leftover, deps.events);
  await deps.publisher.publish(republished);

  const marked = await deps.orders.save(markPending(plan.writes, plan.events));
  const events = plan.events.filter(
    (event) => !marked.stale.includes(Number(event.subject)),
  );
  await deps.publisher.publish(events);
  await deps.onStep?.('events-published');
  const saved = await deps.orders.save(plan.writes);
  const planned = new Set(plan.writes.map((item) => item.id));
  await deps.orders.save(
    leftover.filter((item) => !planned.has(item.id)).map(withoutPending),
  );
  await deps.onStep?.('orders-written');

  countPage(deps.counters, records.length, plan, saved, [
    ...republished,
    ...events,
  ]);

  return valid;
}

function countPage(
  counters: RunCounters,
  fetched: number,
  plan: { readonly unchanged: number; readonly stale: number },
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
