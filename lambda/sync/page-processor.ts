import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventContext } from '../events/order-event';
import type { EventPublisher } from '../events/publisher';
import { type OrderRecord, validateRecord } from '../order-record';
import type { OrderStore } from '../stores/order-store';
import type { RejectedRecordStore } from '../stores/rejected-record-store';
import { latestPerOrder, planChanges } from './changes';
import type { RunCounters } from './counters';
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
 * Stores one page of records and publishes its events. Events go out before
 * the writes: if the process dies between the two, the table still holds
 * the old state, so the next run sees the same change and publishes it
 * again under the same event id. Publishing after the writes could lose the
 * event for good. Returns the ids of the valid records.
 */
export async function processPage(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<number[]> {
  const valid = await setAsideInvalid(records, context, deps);
  const { orders } = latestPerOrder(valid);
  const stored = await deps.orders.getStates(orders.map((order) => order.id));
  const plan = planChanges(orders, stored, {
    events: deps.events,
    publishFirstSightings: context.publishFirstSightings,
    observedAt: context.observedAt,
  });

  await deps.publisher.publish(plan.events);
  await deps.onStep?.('events-published');
  const saved = await deps.orders.save(plan.writes);
  await deps.onStep?.('orders-written');

  const counters = deps.counters;
  counters.orders_fetched += records.length;
  counters.orders_written += saved.written;
  counters.orders_unchanged += plan.unchanged;
  counters.orders_stale += plan.stale + saved.stale.length;
  counters.events_published += plan.events.length;
  for (const event of plan.events) {
    if (event.type !== 'order.status_changed') {
      continue;
    }
    const status = event.data.status;
    counters.events_by_status[status] =
      (counters.events_by_status[status] ?? 0) + 1;
  }

  return valid.map((order) => order.id);
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
