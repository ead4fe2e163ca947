/**
 * Time on the Tripster source's clock. The API writes timestamps as
 * wall-clock readings `YYYY-MM-DD HH:MM:SS` in its own time zone, without an
 * offset, so the simulator stores and compares them in that form.
 */

const WALL_CLOCK_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Clock of the source: machine time plus an offset, read in a time zone. */
export class SourceClock {
  readonly #format: Intl.DateTimeFormat;

  constructor(
    readonly timeZone: string,
    readonly offsetMs: number,
  ) {
    this.#format = createWallClockFormat(timeZone);
  }

  /** Returns the source's current time in epoch milliseconds. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Returns the source's current wall-clock time, `YYYY-MM-DD HH:MM:SS`. */
  now(): string {
    return formatWithParts(this.#format, this.nowMs());
  }

  /** Returns the value for the HTTP `Date` header, from the source's clock. */
  httpDate(): string {
    return new Date(this.nowMs()).toUTCString();
  }
}

/**
 * Formats an instant as a wall-clock reading in `timeZone`.
 * Throws RangeError when the time zone is unknown.
 */
export function formatInTimeZone(epochMs: number, timeZone: string): string {
  return formatWithParts(createWallClockFormat(timeZone), epochMs);
}

function createWallClockFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

function formatWithParts(format: Intl.DateTimeFormat, epochMs: number): string {
  const parts = new Map(
    format.formatToParts(epochMs).map((part) => [part.type, part.value]),
  );
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.get(type);
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  const time = `${part('hour')}:${part('minute')}:${part('second')}`;

  return `${date} ${time}`;
}

/**
 * Normalizes a filter value to `YYYY-MM-DD HH:MM:SS`, or returns null when it
 * is invalid. Accepts `YYYY-MM-DD` (midnight), `YYYY-MM-DDTHH:MM:SS` and
 * `YYYY-MM-DD HH:MM:SS`, and rejects impossible dates such as 2021-02-30.
 */
export function parseFilterTime(value: string): string | null {
  const text = DATE_PATTERN.test(value) ? `${value} 00:00:00` : value;
  const wallClock = text.replace('T', ' ');
  const epochMs = parseWallClock(wallClock);
  if (epochMs === null || formatWallClock(epochMs) !== wallClock) {
    return null;
  }

  return wallClock;
}

/**
 * Parses `YYYY-MM-DD HH:MM:SS` (or with `T`) into milliseconds, counting the
 * reading as if it were UTC. Wall-clock arithmetic (adding days, comparing)
 * then needs no time zone. Returns null when the text does not match.
 */
export function parseWallClock(text: string): number | null {
  const match = WALL_CLOCK_PATTERN.exec(text);
  if (match === null) {
    return null;
  }
  const [year = 0, month = 1, day, hour, minute, second] = match
    .slice(1)
    .map(Number);

  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Formats milliseconds from `parseWallClock` as `YYYY-MM-DD HH:MM:SS`. */
export function formatWallClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses like `parseWallClock`, but throws naming `name` when invalid. */
export function requireWallClock(name: string, value: string): number {
  const epochMs = parseWallClock(value);
  if (epochMs === null) {
    throw new RangeError(
      `${name} must be YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(value)}`,
    );
  }

  return epochMs;
}
