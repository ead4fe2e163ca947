import { ConfigurationError } from './errors';
import { isKnownTimeZone, isSourceTimestamp } from './source-time';

export type AuthScheme = 'Bearer' | 'Token';

/** Settings of one deployment, read from the environment once per cold start. */
export interface SyncConfig {
  readonly apiBase: URL;
  readonly partnerId: string;
  readonly authScheme: AuthScheme;
  readonly credentialsParameterName: string;
  readonly checkpointParameterName: string;
  readonly ordersTableName: string;
  readonly rejectedRecordsTableName: string;
  readonly orderEventsTopicArn: string;
  readonly sourceTimeZone: string;
  readonly overlapWindowSeconds: number;
  /** Source timestamp the first backfill starts from. */
  readonly initialSyncStart: string;
  readonly publishBackfillEvents: boolean;
  readonly pageConcurrency: number;
  readonly requestTimeoutSeconds: number;
  readonly maxAttempts: number;
  readonly stopMarginSeconds: number;
  /** Maximum run time when no Lambda deadline applies, as in `npm run sync`. */
  readonly timeBudgetSeconds: number;
  readonly resumePointIntervalSeconds: number;
  readonly credentialsCacheSeconds: number;
}

type Environment = Record<string, string | undefined>;

/** Reads and validates every setting; the error names the variable. */
export function loadConfig(env: Environment = process.env): SyncConfig {
  const read = new EnvironmentReader(env);

  return {
    apiBase: read.url(
      'TRIPSTER_API_BASE',
      'https://experience.tripster.ru/api',
    ),
    partnerId: read.pattern('TRIPSTER_PARTNER_ID', /^(?!\.+$)[\w.-]{1,64}$/),
    authScheme: read.oneOf(
      'TRIPSTER_AUTH_SCHEME',
      ['Bearer', 'Token'],
      'Bearer',
    ),
    credentialsParameterName: read.required('CREDENTIALS_PARAMETER_NAME'),
    checkpointParameterName: read.required('CHECKPOINT_PARAMETER_NAME'),
    ordersTableName: read.required('ORDERS_TABLE_NAME'),
    rejectedRecordsTableName: read.required('REJECTED_RECORDS_TABLE_NAME'),
    orderEventsTopicArn: read.pattern(
      'ORDER_EVENTS_TOPIC_ARN',
      /^arn:[\w-]+:sns:[\w-]+:\d{12}:[\w.-]{1,256}$/,
    ),
    sourceTimeZone: read.timeZone('SOURCE_TIME_ZONE', 'Europe/Moscow'),
    overlapWindowSeconds: read.integer(
      'OVERLAP_WINDOW_SECONDS',
      300,
      0,
      86_400,
    ),
    initialSyncStart: read.date('INITIAL_SYNC_START', '2010-01-01'),
    publishBackfillEvents: read.boolean('PUBLISH_BACKFILL_EVENTS', false),
    pageConcurrency: read.integer('PAGE_CONCURRENCY', 1, 1, 16),
    requestTimeoutSeconds: read.integer('REQUEST_TIMEOUT_SECONDS', 30, 1, 300),
    maxAttempts: read.integer('MAX_ATTEMPTS', 5, 1, 10),
    stopMarginSeconds: read.integer('STOP_MARGIN_SECONDS', 60, 5, 600),
    timeBudgetSeconds: read.integer('TIME_BUDGET_SECONDS', 840, 10, 86_400),
    resumePointIntervalSeconds: read.integer(
      'RESUME_POINT_INTERVAL_SECONDS',
      10,
      1,
      3600,
    ),
    credentialsCacheSeconds: read.integer(
      'CREDENTIALS_CACHE_SECONDS',
      300,
      0,
      86_400,
    ),
  };
}

class EnvironmentReader {
  constructor(private readonly env: Environment) {}

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) {
      throw new ConfigurationError(`${name} is missing. Set it to a value.`);
    }

    return value;
  }

  pattern(name: string, pattern: RegExp): string {
    const value = this.required(name);
    if (!pattern.test(value)) {
      throw this.invalid(name, value, `a value matching ${pattern}`);
    }

    return value;
  }

  /**
   * Reads a URL. A blank value is an error, not the default, because the
   * URL decides where the credentials go: a variable left empty by mistake
   * must not send them to the production API.
   */
  url(name: string, fallback: string): URL {
    if (this.env[name] !== undefined && this.optional(name) === undefined) {
      throw new ConfigurationError(
        `${name} is empty. Unset it to use ${fallback}, or set it to the API root.`,
      );
    }
    const value = this.optional(name) ?? fallback;
    let url: URL;
    try {
      url = new URL(value.replace(/\/+$/, ''));
    } catch {
      throw this.invalid(name, value, 'an absolute http or https URL');
    }
    if (url.username || url.password) {
      // The value contains a credential, so the message leaves it out.
      throw new ConfigurationError(
        `${name} is invalid: it contains a user name or password. Remove them; the sync authenticates with the credentials parameter.`,
      );
    }
    if (!['http:', 'https:'].includes(url.protocol)) {
      throw this.invalid(name, value, 'an http or https URL');
    }

    return url;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!allowed.includes(value as T)) {
      throw this.invalid(name, value, `one of ${allowed.join(', ')}`);
    }

    return value as T;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.optional(name);
    if (value === undefined) {
      return fallback;
    }
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      throw this.invalid(name, value, `a whole number from ${min} to ${max}`);
    }

    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) {
      return fallback;
    }
    const normalized = value.toLowerCase();
    if (normalized !== 'true' && normalized !== 'false') {
      throw this.invalid(name, value, 'true or false');
    }

    return normalized === 'true';
  }

  timeZone(name: string, fallback: string): string {
    const value = this.optional(name) ?? fallback;
    if (!isKnownTimeZone(value)) {
      throw this.invalid(name, value, 'an IANA time zone like Europe/Moscow');
    }

    return value;
  }

  /** Reads `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` as a source timestamp. */
  date(name: string, fallback: string): string {
    const value = this.optional(name) ?? fallback;
    const timestamp = value.length === 10 ? `${value} 00:00:00` : value;
    if (!isSourceTimestamp(timestamp.replace('T', ' '))) {
      throw this.invalid(name, value, 'a date like 2024-01-31');
    }

    return timestamp.replace('T', ' ');
  }

  private optional(name: string): string | undefined {
    const value = this.env[name]?.trim();

    return value === '' ? undefined : value;
  }

  private invalid(name: string, value: string, expected: string): Error {
    return new ConfigurationError(
      `${name} is invalid: ${JSON.stringify(value)}. Set it to ${expected}.`,
    );
  }
}
