import { createHash } from 'node:crypto';
import { canonicalJson } from '../json';
import type { OrderRecord } from '../order-record';
import { fromSourceTimestamp } from '../source-time';

export type OrderEventType = 'order.status_changed' | 'order.rescheduled';

/** A CloudEvents 1.0 envelope, published as the SNS message body. */
export interface OrderEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: OrderEventType;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: OrderEventData;
}

export interface OrderEventData {
  readonly previous_status: string | null;
  readonly status: string;
  readonly previous_start_at?: unknown;
  readonly start_at?: unknown;
  readonly order: Readonly<Record<string, unknown>>;
}

/** Fields that every event of one deployment shares. */
export interface EventContext {
  /** URI of the orders endpoint, the CloudEvents `source`. */
  readonly source: string;
  readonly sourceTimeZone: string;
}

/** Builds the event for a status change; `previousStatus` null is a first sighting. */
export function statusChangedEvent(
  order: OrderRecord,
  previousStatus: string | null,
  context: EventContext,
): OrderEvent {
  return envelope(
    'order.status_changed',
    order,
    context,
    {
      previous_status: previousStatus,
      status: order.status,
      order: order.fields,
    },
    [previousStatus, order.status],
  );
}

/** Builds the event for a change of `start_at` on a known order. */
export function rescheduledEvent(
  order: OrderRecord,
  previous: { readonly status: string; readonly start_at?: unknown },
  context: EventContext,
): OrderEvent {
  const previousStartAt = previous.start_at ?? null;

  return envelope(
    'order.rescheduled',
    order,
    context,
    {
      previous_status: previous.status,
      status: order.status,
      previous_start_at: previousStartAt,
      start_at: order.start_at,
      order: order.fields,
    },
    [previousStartAt, order.start_at],
  );
}

function envelope(
  type: OrderEventType,
  order: OrderRecord,
  context: EventContext,
  data: OrderEventData,
  transition: unknown[],
): OrderEvent {
  return {
    specversion: '1.0',
    id: eventId([type, order.id, ...transition, order.updated_at]),
    source: context.source,
    type,
    subject: String(order.id),
    time: fromSourceTimestamp(
      order.updated_at,
      context.sourceTimeZone,
    ).toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * Derives the event id from the order, the transition and the source
 * timestamp only, so a re-published event keeps its id and consumers can
 * drop duplicates.
 */
function eventId(parts: unknown[]): string {
  // JSON keeps null apart from the text "null".
  const digest = createHash('sha256')
    .update(canonicalJson(parts))
    .digest('hex');

  return [
    digest.slice(0, 8),
    digest.slice(8, 12),
    digest.slice(12, 16),
    digest.slice(16, 20),
    digest.slice(20, 32),
  ].join('-');
}
