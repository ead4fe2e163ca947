/**
 * Tripster writes timestamps as `YYYY-MM-DD HH:MM:SS` wall-clock time in its
 * own zone, with no offset. These helpers convert between that form and
 * instants, and do arithmetic on it.
 */

const SOURCE_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Returns whether `value` is a valid calendar timestamp in source form. */
export function isSourceTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  return parseWallClock(value) !== undefined;
}

/** Formats an instant as the wall-clock time of `timeZone`. */
export function toSourceTimestamp(instant: Date, timeZone: string): string {
  const parts = wallClockParts(instant, timeZone);

  return formatWallClock(Date.UTC(...parts));
}

/** Converts a source timestamp of `timeZone` to the instant it names. */
export function fromSourceTimestamp(value: string, timeZone: string): Date {
  const wallClock = parseWallClock(value);
  if (wallClock === undefined) {
    throw new RangeError(`Invalid source timestamp: ${value}`);
  }
  // Try the offsets in force half a day either side: one names the time
  // unless it falls in a DST gap. An hour repeated by a DST fall-back takes
  // its earlier instant. A time skipped by a spring-forward gap moves
  // forward by the gap, because the offset before the switch applies.
  const offsets = [-HALF_DAY_MS, HALF_DAY_MS].map((shift) =>
    zoneOffsetMs(new Date(wallClock + shift), timeZone),
  );
  const candidates = offsets
    .map((offset) => wallClock - offset)
    .filter((instant) => wallClockOf(instant, timeZone) === wallClock)
    .sort((a, b) => a - b);

  return new Date(candidates[0] ?? wallClock - (offsets[0] ?? 0));
}

/** Moves a source timestamp by whole seconds of wall-clock time. */
export function addSeconds(value: string, seconds: number): string {
  const wallClock = parseWallClock(value);
  if (wallClock === undefined) {
    throw new RangeError(`Invalid source timestamp: ${value}`);
  }

  return formatWallClock(wallClock + seconds * 1000);
}

/**
 * Returns the earliest wall-clock time that `timeZone` shows from the
 * instant `value` names onward. That is `value` itself, unless the clocks
 * go back within a day after it, as at the end of daylight saving time,
 * because changes made in the repeated hour carry earlier times.
 */
export function earliestWallClockFrom(value: string, timeZone: string): string {
  const instant = fromSourceTimestamp(value, timeZone);
  const dayLater = new Date(instant.getTime() + 2 * HALF_DAY_MS);
  const backMs =
    zoneOffsetMs(instant, timeZone) - zoneOffsetMs(dayLater, timeZone);

  return backMs > 0 ? addSeconds(value, -backMs / 1000) : value;
}

/** Returns whether this runtime's time zone data has the IANA zone `timeZone`. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const HALF_DAY_MS = 12 * 3600 * 1000;

function wallClockOf(instant: number, timeZone: string): number {
  return Date.UTC(...wallClockParts(new Date(instant), timeZone));
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const wallClock = wallClockOf(instant.getTime(), timeZone);

  return wallClock - Math.floor(instant.getTime() / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(
  instant: Date,
  timeZone: string,
): [number, number, number, number, number, number] {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);

  return [
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  ];
}

/**
 * Parses a source timestamp as if it were UTC, in milliseconds; undefined
 * for anything but a real calendar time in the source form.
 */
function parseWallClock(value: string): number | undefined {
  const match = SOURCE_TIMESTAMP.exec(value);
  if (match === null) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map(Number) as [number, number, number, number, number, number];

  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);

  return formatWallClock(wallClock) === value ? wallClock : undefined;
}

function formatWallClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
