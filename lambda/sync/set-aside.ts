import { apiFields } from '../order-item';
import { type OrderRecord, validateRecord } from '../order-record';
import type { RejectedWrite } from '../stores/order-store';
import type { PageContext, PageProcessorDeps } from './page-processor';

/**
 * Validates a page's records and sets the invalid ones aside in the
 * rejected records table, counted and logged. Returns the valid ones, in
 * page order.
 */
export async function setAsideInvalid(
  records: readonly unknown[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<OrderRecord[]> {
  const valid: OrderRecord[] = [];
  for (const raw of records) {
    const check = validateRecord(raw, context.latestUpdatedAt);
    if (check.valid) {
      valid.push(check.order);
    } else {
      await setAside(raw, check.reason, check.orderId, context, deps);
    }
  }

  return valid;
}

/**
 * Sets aside the records of orders that DynamoDB would not store, so that
 * they do not fail every run. Validation is meant to catch such records
 * first, and this covers what it misses.
 */
export async function setAsideRejected(
  rejected: readonly RejectedWrite[],
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<void> {
  for (const { item, reason } of rejected) {
    await setAside(apiFields(item), reason, item.id, context, deps);
  }
}

async function setAside(
  raw: unknown,
  reason: string,
  orderId: number | undefined,
  context: PageContext,
  deps: PageProcessorDeps,
): Promise<void> {
  const recordKey = await deps.rejects.setAside(
    { raw, reason, orderId, feed: context.feed },
    context.observedAt,
  );
  deps.counters.orders_rejected++;
  deps.logger.warn('Record set aside', {
    orderId,
    reason,
    recordKey,
    feed: context.feed,
  });
}
