import type { EventContext, OrderEvent } from '../../lambda/events/order-event';
import { statusChangedEvent } from '../../lambda/events/order-event';
import type { StatusChange } from '../../lambda/order-item';
import type { StoredItem } from '../../lambda/stores/order-reader';
import { CommandError } from '../errors';
import { apiFields } from '../order-fields';

/** The event to publish again for one order, and when the sync saw the change. */
export interface Replay {
  readonly orderId: number;
  readonly event: OrderEvent;
  /** ISO 8601 UTC time when the sync observed the status change. */
  readonly observedAt: string;
}

/** Returns the item's latest status change, or undefined if it has none. */
export function lastStatusChange(item: StoredItem): StatusChange | undefined {
  const history = item.sync_status_history;

  return Array.isArray(history) ? (history.at(-1) as StatusChange) : undefined;
}

/**
 * Rebuilds the status event of the item's current status. The id is the
 * one the sync gave the event, because it derives from the same parts. They
 * are the order id, the previous status, the status, and the `updated_at`
 * of the last transition. The previous status comes from the history entry
 * before the last, and is null when the last is the only one. The order in
 * `data` is the item's API fields as the table contains them now.
 */
export function buildReplay(item: StoredItem, context: EventContext): Replay {
  const id = Number(item.id);
  const history = (item.sync_status_history ?? []) as StatusChange[];
  const last = history.at(-1);
  if (last === undefined || last.status !== item.status) {
    throw new CommandError(
      `Order ${id} has no status history that ends in its status ${JSON.stringify(item.status)}, so its event cannot be rebuilt.`,
    );
  }
  const previousStatus = history.at(-2)?.status ?? null;
  const event = statusChangedEvent(
    {
      id,
      status: last.status,
      updated_at: last.updated_at,
      start_at: item.start_at ?? null,
      fields: apiFields(item),
    },
    previousStatus,
    context,
  );

  return { orderId: id, event, observedAt: last.observed_at };
}

/** Describes a replay in one line, for `--dry-run` and the result. */
export function describeReplay(replay: Replay): string {
  const data = replay.event.data;
  const previous = data.previous_status ?? '(first seen)';

  return `order ${replay.orderId}: ${previous} -> ${data.status}, observed ${replay.observedAt}, event id ${replay.event.id}`;
}
