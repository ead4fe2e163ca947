import { formatInTimeZone } from './clock';
import { DEFAULT_PARTNER_ID, DEFAULT_TIME_ZONE } from './generator';
import { ORDERINGS, type Ordering } from './listing';
import type { OrderInput } from './order';

export interface SimulatorOptions {
  /** Partner id that the token exchange accepts. @default 'somepartner' */
  partnerId?: string;
  /** Secret that the token exchange accepts. @default 'test-secret' */
  secret?: string;
  /** Orders per page. @default 50 */
  pageSize?: number;
  /** Order of results across pages. @default '-id' */
  ordering?: Ordering;
  /** Delay before each response to an orders request. @default 0 */
  latencyMs?: number;
  /**
   * Zone in which the source writes `updated_at`, `created_at`, `start_at`
   * and reads filter values. @default 'Europe/Moscow'
   */
  timeZone?: string;
  /**
   * The source's clock minus the machine's clock, in milliseconds. Shifts
   * the timestamps stamped on changes and the HTTP `Date` header. @default 0
   */
  clockOffsetMs?: number;
  /**
   * Whether `updated_after=X` matches `updated_at` equal to X, and the same
   * for `schedule_updated_after`. @default false
   */
  boundInclusive?: boolean;
  /**
   * Base URL written into `next` and `previous` links.
   * @default the server's own `http://127.0.0.1:PORT/api`
   */
  publicBase?: string;
  /** Orders the source starts with. @default none */
  orders?: readonly OrderInput[];
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'publicBase'>> & {
  publicBase: string | undefined;
};

/** Applies defaults and rejects invalid values, naming the option. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const resolved = {
    partnerId: options.partnerId ?? DEFAULT_PARTNER_ID,
    secret: options.secret ?? 'test-secret',
    pageSize: options.pageSize ?? 50,
    ordering: options.ordering ?? '-id',
    latencyMs: options.latencyMs ?? 0,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    clockOffsetMs: options.clockOffsetMs ?? 0,
    boundInclusive: options.boundInclusive ?? false,
    publicBase: options.publicBase?.replace(/\/+$/, ''),
    orders: options.orders ?? [],
  };
  if (!Number.isInteger(resolved.pageSize) || resolved.pageSize < 1) {
    throw invalid('pageSize', resolved.pageSize, 'a positive integer');
  }
  if (!ORDERINGS.includes(resolved.ordering)) {
    throw invalid('ordering', resolved.ordering, ORDERINGS.join(', '));
  }
  if (!(resolved.latencyMs >= 0)) {
    throw invalid('latencyMs', resolved.latencyMs, 'a number >= 0');
  }
  if (!Number.isFinite(resolved.clockOffsetMs)) {
    throw invalid('clockOffsetMs', resolved.clockOffsetMs, 'a finite number');
  }
  try {
    formatInTimeZone(0, resolved.timeZone);
  } catch (error) {
    throw invalid('timeZone', resolved.timeZone, 'an IANA zone', error);
  }
  if (resolved.publicBase !== undefined && !URL.canParse(resolved.publicBase)) {
    throw invalid('publicBase', resolved.publicBase, 'an absolute URL');
  }

  return resolved;
}

function invalid(
  name: string,
  value: unknown,
  expected: string,
  cause?: unknown,
): RangeError {
  const message =
    `Simulator option ${name} is invalid: ` +
    `got ${JSON.stringify(value)}, expected ${expected}`;

  return new RangeError(message, { cause });
}
