import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../lambda/config';
import { ConfigurationError } from '../../lambda/errors';

const REQUIRED_ENV = {
  TRIPSTER_PARTNER_ID: 'partner-1',
  CREDENTIALS_PARAMETER_NAME: '/tripster-order-sync/partner-1/credentials',
  CHECKPOINT_PARAMETER_NAME: '/tripster-order-sync/partner-1/checkpoint',
  ORDERS_TABLE_NAME: 'orders',
  REJECTED_RECORDS_TABLE_NAME: 'rejected-records',
  ORDER_EVENTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:order-events',
};

function loadError(env: Record<string, string | undefined>): Error {
  try {
    loadConfig(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('loadConfig returned without an error');
}

describe('loadConfig', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads every required variable', () => {
    const config = loadConfig(REQUIRED_ENV);

    expect(config.partnerId).toBe('partner-1');
    expect(config.credentialsParameterName).toBe(
      '/tripster-order-sync/partner-1/credentials',
    );
    expect(config.checkpointParameterName).toBe(
      '/tripster-order-sync/partner-1/checkpoint',
    );
    expect(config.ordersTableName).toBe('orders');
    expect(config.rejectedRecordsTableName).toBe('rejected-records');
    expect(config.orderEventsTopicArn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:order-events',
    );
  });

  it('applies defaults to optional variables', () => {
    const config = loadConfig(REQUIRED_ENV);

    expect(config.apiBase.href).toBe('https://experience.tripster.ru/api');
    expect(config.authScheme).toBe('Bearer');
    expect(config.sourceTimeZone).toBe('Europe/Moscow');
    expect(config.overlapWindowSeconds).toBe(300);
    expect(config.initialSyncStart).toBe('2010-01-01 00:00:00');
    expect(config.publishBackfillEvents).toBe(false);
    expect(config.pageConcurrency).toBe(1);
    expect(config.requestTimeoutSeconds).toBe(30);
    expect(config.maxAttempts).toBe(5);
    expect(config.stopMarginSeconds).toBe(60);
    expect(config.timeBudgetSeconds).toBe(840);
    expect(config.resumePointIntervalSeconds).toBe(10);
    expect(config.credentialsCacheSeconds).toBe(300);
  });

  it.each(Object.keys(REQUIRED_ENV))('names %s when it is missing', (name) => {
    const env = { ...REQUIRED_ENV, [name]: undefined };

    const error = loadError(env);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`${name} is missing. Set it to a value.`);
  });

  it.each(Object.keys(REQUIRED_ENV))('treats blank %s as missing', (name) => {
    const env = { ...REQUIRED_ENV, [name]: '  \t ' };

    const error = loadError(env);

    expect(error.message).toBe(`${name} is missing. Set it to a value.`);
  });

  it.each([
    ['TRIPSTER_API_BASE', 'not a url'],
    ['TRIPSTER_API_BASE', '/api'],
    ['TRIPSTER_API_BASE', 'ftp://experience.tripster.ru/api'],
    ['TRIPSTER_PARTNER_ID', 'partner/1'],
    ['TRIPSTER_PARTNER_ID', 'partner 1'],
    ['TRIPSTER_PARTNER_ID', 'p'.repeat(65)],
    ['TRIPSTER_AUTH_SCHEME', 'Basic'],
    ['TRIPSTER_AUTH_SCHEME', 'bearer'],
    ['ORDER_EVENTS_TOPIC_ARN', 'order-events'],
    ['ORDER_EVENTS_TOPIC_ARN', 'arn:aws:sqs:eu-west-1:123456789012:queue'],
    ['ORDER_EVENTS_TOPIC_ARN', 'arn:aws:sns:eu-west-1:123456789012:'],
    ['ORDER_EVENTS_TOPIC_ARN', 'arn:aws:sns:eu-west-1::order-events'],
    ['SOURCE_TIME_ZONE', 'Mars/Olympus'],
    ['SOURCE_TIME_ZONE', 'Moscow'],
    ['OVERLAP_WINDOW_SECONDS', 'five minutes'],
    ['OVERLAP_WINDOW_SECONDS', '1.5'],
    ['OVERLAP_WINDOW_SECONDS', '-1'],
    ['OVERLAP_WINDOW_SECONDS', '1e3'],
    ['OVERLAP_WINDOW_SECONDS', '86401'],
    ['PAGE_CONCURRENCY', '0'],
    ['PAGE_CONCURRENCY', '17'],
    ['REQUEST_TIMEOUT_SECONDS', '0'],
    ['REQUEST_TIMEOUT_SECONDS', '301'],
    ['MAX_ATTEMPTS', '0'],
    ['MAX_ATTEMPTS', '11'],
    ['STOP_MARGIN_SECONDS', '4'],
    ['STOP_MARGIN_SECONDS', '601'],
    ['TIME_BUDGET_SECONDS', '9'],
    ['TIME_BUDGET_SECONDS', '86401'],
    ['RESUME_POINT_INTERVAL_SECONDS', '0'],
    ['RESUME_POINT_INTERVAL_SECONDS', '3601'],
    ['CREDENTIALS_CACHE_SECONDS', '-5'],
    ['CREDENTIALS_CACHE_SECONDS', '86401'],
    ['PUBLISH_BACKFILL_EVENTS', 'yes'],
    ['PUBLISH_BACKFILL_EVENTS', '1'],
    ['INITIAL_SYNC_START', '2024-02-30'],
    ['INITIAL_SYNC_START', '31.01.2024'],
    ['INITIAL_SYNC_START', '2024-01-31 10:00'],
    ['INITIAL_SYNC_START', '2024-01-31T25:00:00'],
    ['INITIAL_SYNC_START', '2024-01-31T10:00:00Z'],
  ])('rejects %s=%s naming it and quoting the value', (name, value) => {
    const env = { ...REQUIRED_ENV, [name]: value };

    const error = loadError(env);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(new RegExp(`^${name} is invalid: `));
    expect(error.message).toContain(JSON.stringify(value));
    expect(error.message).toContain('Set it to ');
  });

  it('rejects an API base with a user and password', () => {
    const env = {
      ...REQUIRED_ENV,
      TRIPSTER_API_BASE: 'https://user:pass@experience.tripster.ru/api',
    };

    const error = loadError(env);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^TRIPSTER_API_BASE is invalid: /);
  });

  it('trims surrounding whitespace from every value', () => {
    const env = {
      ...REQUIRED_ENV,
      TRIPSTER_PARTNER_ID: '  partner-1\n',
      ORDERS_TABLE_NAME: '\torders ',
      TRIPSTER_API_BASE: ' http://127.0.0.1:8080/api ',
      TRIPSTER_AUTH_SCHEME: ' Token ',
      SOURCE_TIME_ZONE: ' Asia/Tokyo ',
      OVERLAP_WINDOW_SECONDS: ' 600 ',
      PUBLISH_BACKFILL_EVENTS: ' true ',
      INITIAL_SYNC_START: ' 2024-01-31 ',
    };

    const config = loadConfig(env);

    expect(config.partnerId).toBe('partner-1');
    expect(config.ordersTableName).toBe('orders');
    expect(config.apiBase.href).toBe('http://127.0.0.1:8080/api');
    expect(config.authScheme).toBe('Token');
    expect(config.sourceTimeZone).toBe('Asia/Tokyo');
    expect(config.overlapWindowSeconds).toBe(600);
    expect(config.publishBackfillEvents).toBe(true);
    expect(config.initialSyncStart).toBe('2024-01-31 00:00:00');
  });

  it('uses the default when an optional value is blank', () => {
    const env = {
      ...REQUIRED_ENV,
      OVERLAP_WINDOW_SECONDS: '',
      PUBLISH_BACKFILL_EVENTS: ' ',
    };

    const config = loadConfig(env);

    expect(config.overlapWindowSeconds).toBe(300);
    expect(config.publishBackfillEvents).toBe(false);
  });

  it.each(['', ' '])('rejects a blank API base: %j', (blank) => {
    const env = { ...REQUIRED_ENV, TRIPSTER_API_BASE: blank };

    expect(() => loadConfig(env)).toThrow(
      'TRIPSTER_API_BASE is empty. Unset it to use https://experience.tripster.ru/api, or set it to the API root.',
    );
  });

  it('uses the production API base when unset', () => {
    const config = loadConfig({ ...REQUIRED_ENV });

    expect(config.apiBase.href).toBe('https://experience.tripster.ru/api');
  });

  it('drops trailing slashes from the API base', () => {
    const env = {
      ...REQUIRED_ENV,
      TRIPSTER_API_BASE: 'https://experience.tripster.ru/api//',
    };

    const config = loadConfig(env);

    expect(config.apiBase.pathname).toBe('/api');
  });

  it.each([
    ['OVERLAP_WINDOW_SECONDS', '0', 'overlapWindowSeconds', 0],
    ['OVERLAP_WINDOW_SECONDS', '86400', 'overlapWindowSeconds', 86_400],
    ['PAGE_CONCURRENCY', '1', 'pageConcurrency', 1],
    ['PAGE_CONCURRENCY', '16', 'pageConcurrency', 16],
    ['MAX_ATTEMPTS', '10', 'maxAttempts', 10],
    ['STOP_MARGIN_SECONDS', '5', 'stopMarginSeconds', 5],
    ['CREDENTIALS_CACHE_SECONDS', '0', 'credentialsCacheSeconds', 0],
  ] as const)(
    'accepts %s=%s at the edge of its range',
    (name, value, key, expected) => {
      const env = { ...REQUIRED_ENV, [name]: value };

      const config = loadConfig(env);

      expect(config[key]).toBe(expected);
    },
  );

  it.each([
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
  ])('reads PUBLISH_BACKFILL_EVENTS=%s as %s', (value, expected) => {
    const env = { ...REQUIRED_ENV, PUBLISH_BACKFILL_EVENTS: value };

    const config = loadConfig(env);

    expect(config.publishBackfillEvents).toBe(expected);
  });

  it.each([
    ['2024-01-31', '2024-01-31 00:00:00'],
    ['2024-02-29', '2024-02-29 00:00:00'],
    ['2024-01-31 10:20:30', '2024-01-31 10:20:30'],
    ['2024-01-31T10:20:30', '2024-01-31 10:20:30'],
  ])('reads INITIAL_SYNC_START=%s as %s', (value, expected) => {
    const env = { ...REQUIRED_ENV, INITIAL_SYNC_START: value };

    const config = loadConfig(env);

    expect(config.initialSyncStart).toBe(expected);
  });

  it('reads the environment of the process by default', () => {
    for (const [name, value] of Object.entries(REQUIRED_ENV)) {
      vi.stubEnv(name, value);
    }
    vi.stubEnv('ORDERS_TABLE_NAME', 'from-process-env');

    const config = loadConfig();

    expect(config.ordersTableName).toBe('from-process-env');
  });
});
