import { isSourceTimestamp } from '../lambda/source-time';
import { UsageError } from './errors';

/** Reads a `YYYY-MM-DD` option as the source timestamp of its midnight. */
export function readDay(flag: string, value: string): string {
  const timestamp = `${value} 00:00:00`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isSourceTimestamp(timestamp)) {
    throw new UsageError(
      `${flag} is invalid: ${JSON.stringify(value)}. Give a date like 2024-03-01.`,
    );
  }

  return timestamp;
}

/** A date, or a date-time with Z or an offset: a time without a zone is ambiguous. */
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Reads an ISO 8601 option as epoch milliseconds: a date alone is its
 * midnight UTC, and a date-time needs Z or an offset.
 */
export function readInstant(flag: string, value: string): number {
  const match = ISO_INSTANT.exec(value);
  const time = Date.parse(value);
  if (
    match === null ||
    !isSourceTimestamp(`${match[1]} 00:00:00`) ||
    Number.isNaN(time)
  ) {
    throw new UsageError(
      `${flag} is invalid: ${JSON.stringify(value)}. Give a date like 2024-05-01 or a time with its zone like 2024-05-01T10:00:00Z.`,
    );
  }

  return time;
}
