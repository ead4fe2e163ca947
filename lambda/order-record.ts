import { isPlainObject, stringifyExactJson } from './json';
import { isSourceTimestamp } from './source-time';
import { findUnstorableValue } from './storable';

/** A record from the orders API that passed validation. */
export interface OrderRecord {
  readonly id: number;
  readonly status: string;
  readonly updated_at: string;
  readonly start_at: unknown;
  /** Every field as the API sent it, numbers kept exact. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export type RecordCheck =
  | { readonly valid: true; readonly order: OrderRecord }
  | {
      readonly valid: false;
      readonly reason: string;
      readonly orderId: number | undefined;
    };

/** Largest record accepted, as canonical JSON; documented ones are ~1 KB. */
export const MAX_RECORD_CHARS = 65_536;

/** Attribute names of the item that belong to the sync, not to the API. */
export const SYNC_METADATA_FIELDS = [
  'sync_first_seen_at',
  'sync_last_written_at',
  'sync_status_history',
  'sync_content_hash',
  'sync_pending_events',
] as const;

const STATUS = /^[\p{L}\p{N}_-]{1,64}$/u;

/**
 * Checks a record strictly on what the sync depends on (`id`, `status`,
 * `updated_at`) and leniently on the rest: unknown fields and statuses are
 * kept. `latestUpdatedAt` is the newest believable `updated_at`; a record
 * stamped later would block every real update under the never-older rule.
 */
export function validateRecord(
  raw: unknown,
  latestUpdatedAt: string,
): RecordCheck {
  if (!isPlainObject(raw)) {
    return rejected('record is not a JSON object', undefined);
  }
  const id = raw.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    return rejected('id is missing or not a positive integer', undefined);
  }
  const problem = findRecordProblem(raw, latestUpdatedAt);
  if (problem !== undefined) {
    return rejected(problem, id);
  }

  return {
    valid: true,
    order: {
      id,
      status: raw.status as string,
      updated_at: raw.updated_at as string,
      start_at: raw.start_at ?? null,
      fields: raw,
    },
  };
}

function findRecordProblem(
  raw: Record<string, unknown>,
  latestUpdatedAt: string,
): string | undefined {
  const { status, updated_at } = raw;
  if (typeof status !== 'string' || !STATUS.test(status)) {
    return 'status is missing or not a word of letters, digits, _ or -';
  }
  if (!isSourceTimestamp(updated_at)) {
    return 'updated_at is missing or not a YYYY-MM-DD HH:MM:SS timestamp';
  }
  if (updated_at > latestUpdatedAt) {
    return `updated_at ${updated_at} is later than the source's clock allows`;
  }
  const collision = SYNC_METADATA_FIELDS.find((name) =>
    Object.hasOwn(raw, name),
  );
  if (collision !== undefined) {
    return `field ${collision} collides with the sync's own metadata`;
  }
  // Sorting the keys does not change the length of the JSON, so the size
  // of the canonical form is measured on the plain serialization.
  if (stringifyExactJson(raw).length > MAX_RECORD_CHARS) {
    return `record is larger than ${MAX_RECORD_CHARS} characters of JSON`;
  }

  return findUnstorableValue(raw);
}

function rejected(reason: string, orderId: number | undefined): RecordCheck {
  return { valid: false, reason, orderId };
}
