import { createHash } from 'node:crypto';
import type { OrderEventType } from './events/order-event';
import { canonicalJson } from './json';
import { type OrderRecord, SYNC_METADATA_FIELDS } from './order-record';

/** One entry of an item's `sync_status_history`. */
export interface StatusChange {
  readonly status: string;
  /** The order's `updated_at` when the sync saw this status. */
  readonly updated_at: string;
  /** When the sync saw it, ISO 8601 UTC. */
  readonly observed_at: string;
}

/** Stored attributes that the sync reads back to compare a fetched record. */
export interface StoredOrderState {
  readonly id: number;
  readonly status: string;
  readonly updated_at: string;
  readonly start_at?: unknown;
  readonly sync_content_hash: string;
  readonly sync_first_seen_at: string;
  readonly sync_status_history?: readonly StatusChange[];
  readonly sync_pending_events?: readonly PendingEvent[];
}

/**
 * An event written onto an item before it is published. With the item, its
 * type and previous state rebuild the event under the same id.
 */
export interface PendingEvent {
  readonly type: OrderEventType;
  readonly previous_status: string | null;
  readonly previous_start_at?: unknown;
}

/** A table item: every API field under its API name, plus sync metadata. */
export type OrderItem = Readonly<Record<string, unknown>> & {
  readonly id: number;
  readonly updated_at: string;
};

/** Oldest entries are dropped past this, so a flapping order stays small. */
const MAX_STATUS_HISTORY = 50;

/** Returns a digest of the API fields; equal content, equal digest. */
export function contentHash(order: OrderRecord): string {
  return createHash('sha256')
    .update(canonicalJson(order.fields))
    .digest('hex')
    .slice(0, 32);
}

/** Builds the item to write for a fetched record and what the table held. */
export function buildOrderItem(
  order: OrderRecord,
  stored: StoredOrderState | undefined,
  hash: string,
  observedAt: string,
): OrderItem {
  const history = [...(stored?.sync_status_history ?? [])];
  if (stored?.status !== order.status) {
    history.push({
      status: order.status,
      updated_at: order.updated_at,
      observed_at: observedAt,
    });
  }

  return {
    ...order.fields,
    id: order.id,
    updated_at: order.updated_at,
    sync_first_seen_at: stored?.sync_first_seen_at ?? observedAt,
    sync_last_written_at: observedAt,
    sync_status_history: history.slice(-MAX_STATUS_HISTORY),
    sync_content_hash: hash,
  };
}

/** Returns the API fields of an item, without the sync metadata. */
export function apiFields(item: OrderItem): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).filter(
      ([name]) => !(SYNC_METADATA_FIELDS as readonly string[]).includes(name),
    ),
  );
}
