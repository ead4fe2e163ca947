import {
  type EventContext,
  type OrderEvent,
  rescheduledEvent,
  statusChangedEvent,
} from '../events/order-event';
import {
  apiFields,
  type OrderItem,
  type PendingEvent,
  type StoredOrderState,
} from '../order-item';
import type { OrderRecord } from '../order-record';

/**
 * The events of a change are written onto the order's item, as
 * `sync_pending_events`, before they are published, and the item is written
 * again without them afterwards. When a run dies between the two, the next
 * run that reads the order publishes them again, rebuilt from the item, so
 * under the same ids and with the same content. Changes made at the source
 * meanwhile are then announced against the item. That covers a status that
 * changed back, and a `start_at` moved without a new `updated_at`, which
 * would otherwise give a first sighting the id of one already published.
 */

/** Returns the writes that have events, with the events on them. */
export function markPending(
  writes: readonly OrderItem[],
  events: readonly OrderEvent[],
): OrderItem[] {
  const pending = new Map<string, PendingEvent[]>();
  for (const event of events) {
    pending.set(event.subject, [
      ...(pending.get(event.subject) ?? []),
      describePending(event),
    ]);
  }

  return writes
    .filter((item) => pending.has(String(item.id)))
    .map((item) => ({
      ...item,
      sync_pending_events: pending.get(String(item.id)),
    }));
}

/** Returns the ids of stored orders whose items carry pending events. */
export function idsWithPending(
  stored: ReadonlyMap<number, StoredOrderState>,
): number[] {
  return [...stored.values()]
    .filter((state) => (state.sync_pending_events?.length ?? 0) > 0)
    .map((state) => state.id);
}

/** Rebuilds the events pending on whole stored items, with their ids. */
export function pendingEvents(
  items: readonly OrderItem[],
  context: EventContext,
): OrderEvent[] {
  return items.flatMap((item) => {
    const order = storedOrder(item);
    const pending = (item.sync_pending_events ?? []) as PendingEvent[];

    return pending.map((event) =>
      event.type === 'order.rescheduled'
        ? rescheduledEvent(
            order,
            {
              status: event.previous_status ?? order.status,
              start_at: event.previous_start_at,
            },
            context,
          )
        : statusChangedEvent(order, event.previous_status, context),
    );
  });
}

/** Returns the item without its pending events. */
export function withoutPending(item: OrderItem): OrderItem {
  const { sync_pending_events: _pending, ...rest } = item;

  return rest as OrderItem;
}

function describePending(event: OrderEvent): PendingEvent {
  const { type, data } = event;

  return type === 'order.rescheduled'
    ? {
        type,
        previous_status: data.previous_status,
        previous_start_at: data.previous_start_at ?? null,
      }
    : { type, previous_status: data.previous_status };
}

/** Returns the order a stored item contains, without the sync metadata. */
function storedOrder(item: OrderItem): OrderRecord {
  const fields = apiFields(item);

  return {
    id: item.id,
    status: String(item.status),
    updated_at: item.updated_at,
    start_at: item.start_at ?? null,
    fields,
  };
}
