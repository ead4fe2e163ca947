import {
  type EventContext,
  type OrderEvent,
  rescheduledEvent,
  statusChangedEvent,
} from '../events/order-event';
import {
  buildOrderItem,
  contentHash,
  type OrderItem,
  type StoredOrderState,
} from '../order-item';
import type { OrderRecord } from '../order-record';

/** Writes and events that one page of records calls for. */
export interface ChangePlan {
  readonly writes: OrderItem[];
  readonly events: OrderEvent[];
  readonly unchanged: number;
  /** Records older than what the table holds; never written. */
  readonly stale: number;
}

export interface ChangeOptions {
  readonly events: EventContext;
  /** Whether an order seen for the first time gets a status event. */
  readonly publishFirstSightings: boolean;
  /** ISO 8601 UTC time of this run, stamped into sync metadata. */
  readonly observedAt: string;
}

/** Compares fetched records with the table and plans writes and events. */
export function planChanges(
  orders: readonly OrderRecord[],
  stored: ReadonlyMap<number, StoredOrderState>,
  options: ChangeOptions,
): ChangePlan {
  const writes: OrderItem[] = [];
  const events: OrderEvent[] = [];
  let unchanged = 0;
  let stale = 0;
  for (const order of orders) {
    const previous = stored.get(order.id);
    const hash = contentHash(order);
    if (previous !== undefined && order.updated_at < previous.updated_at) {
      stale++;
    } else if (previous?.sync_content_hash === hash) {
      unchanged++;
    } else {
      writes.push(buildOrderItem(order, previous, hash, options.observedAt));
      events.push(...eventsFor(order, previous, options));
    }
  }

  return { writes, events, unchanged, stale };
}

function eventsFor(
  order: OrderRecord,
  previous: StoredOrderState | undefined,
  options: ChangeOptions,
): OrderEvent[] {
  if (previous === undefined) {
    return options.publishFirstSightings
      ? [statusChangedEvent(order, null, options.events)]
      : [];
  }
  const events: OrderEvent[] = [];
  if (previous.status !== order.status) {
    events.push(statusChangedEvent(order, previous.status, options.events));
  }
  if ((previous.start_at ?? null) !== order.start_at) {
    events.push(rescheduledEvent(order, previous, options.events));
  }

  return events;
}

/**
 * Keeps one record per order id, the one with the latest `updated_at`
 * (the later one on a tie), and reports whether any id came twice.
 */
export function latestPerOrder(orders: readonly OrderRecord[]): {
  orders: OrderRecord[];
  duplicated: boolean;
} {
  const latest = new Map<number, OrderRecord>();
  for (const order of orders) {
    const kept = latest.get(order.id);
    if (kept === undefined || order.updated_at >= kept.updated_at) {
      latest.set(order.id, order);
    }
  }

  return {
    orders: [...latest.values()],
    duplicated: latest.size !== orders.length,
  };
}
