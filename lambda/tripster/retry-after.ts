/**
 * Reads a Retry-After header (delay in seconds, or an HTTP date) as a wait
 * in milliseconds, capped at `capMs`. Returns undefined when it is absent or
 * unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  header: string | null,
  now: number,
  capMs: number,
): number | undefined {
  const value = header?.trim();
  if (!value) {
    return undefined;
  }
  let waitMs: number;
  if (/^\d+$/.test(value)) {
    waitMs = Number(value) * 1000;
  } else {
    // An HTTP date names its day or month in letters; Date.parse alone
    // would also read "0.5" or "-1" as dates.
    const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(date)) {
      return undefined;
    }
    waitMs = date - now;
  }

  return Math.min(Math.max(waitMs, 0), capMs);
}
