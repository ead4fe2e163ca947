import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambda/config';
import { UnsafeLinkError } from '../../lambda/errors';
import {
  rescheduledEvent,
  statusChangedEvent,
} from '../../lambda/events/order-event';
import { parseExactJson, stringifyExactJson } from '../../lambda/json';
import {
  buildOrderItem,
  contentHash,
  type StoredOrderState,
} from '../../lambda/order-item';
import { validateRecord } from '../../lambda/order-record';
import { fromSourceTimestamp } from '../../lambda/source-time';
import { findUnstorableValue } from '../../lambda/storable';
import { planChanges } from '../../lambda/sync/changes';
import { checkNextLink } from '../../lambda/tripster/links';
import { parseRetryAfter } from '../../lambda/tripster/retry-after';

const REQUIRED_ENV = {
  TRIPSTER_PARTNER_ID: 'partner-1',
  CREDENTIALS_PARAMETER_NAME: '/c',
  CHECKPOINT_PARAMETER_NAME: '/k',
  ORDERS_TABLE_NAME: 'orders',
  REJECTED_RECORDS_TABLE_NAME: 'rejected-records',
  ORDER_EVENTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:order-events',
};

function record(changes: Record<string, unknown>) {
  const raw = {
    id: 123457,
    status: 'paid',
    updated_at: '2019-06-20 09:16:10',
    start_at: '2019-06-20 13:00:00',
    ...changes,
  };
  const check = validateRecord(raw, '2100-01-01 00:00:00');
  if (!check.valid) throw new Error(check.reason);
  return check.order;
}

describe('regressions', () => {
  it('config: rejects an API base with only a password', () => {
    const env = {
      ...REQUIRED_ENV,
      TRIPSTER_API_BASE: 'https://:secret@experience.tripster.ru/api',
    };

    expect(() => loadConfig(env)).toThrow(/^TRIPSTER_API_BASE is invalid/);
  });

  it('config: keeps the password of an API base out of the message', () => {
    const env = {
      ...REQUIRED_ENV,
      TRIPSTER_API_BASE: 'https://user:secret@experience.tripster.ru/api',
    };

    expect(() => loadConfig(env)).toThrow(/^TRIPSTER_API_BASE is invalid/);
    expect(() => loadConfig(env)).not.toThrow(/secret/);
  });

  it('config: quotes a boolean as it was set', () => {
    const env = { ...REQUIRED_ENV, PUBLISH_BACKFILL_EVENTS: 'Yes' };

    expect(() => loadConfig(env)).toThrow('"Yes"');
  });

  it.each(['.', '..'])('config: rejects the partner id %s', (partnerId) => {
    const env = { ...REQUIRED_ENV, TRIPSTER_PARTNER_ID: partnerId };

    expect(() => loadConfig(env)).toThrow(/^TRIPSTER_PARTNER_ID is invalid/);
  });

  it.each(['1.5', '0.5', '-1', '1 2'])('retry-after: ignores %j', (header) => {
    expect(
      parseRetryAfter(header, Date.parse('2024-05-01T12:00:00Z'), 60_000),
    ).toBeUndefined();
  });

  it('links: rejects a repeated filter with another value', () => {
    const ordersUrl = new URL(
      'https://experience.tripster.ru/api/partners/p1/experienceorders/',
    );
    const link = `${ordersUrl.href}?page=2&updated_after=2024-01-01T00:00:00&updated_after=2099-01-01`;

    expect(() =>
      checkNextLink(link, ordersUrl, {
        name: 'updated_after',
        value: '2024-01-01T00:00:00',
      }),
    ).toThrow(UnsafeLinkError);
  });

  it('storable: rejects a field name with a lone surrogate', () => {
    expect(findUnstorableValue({ 'city\uD800': 'Krakow' })).toBeDefined();
  });

  it('order-event: reschedule with a status change carries the stored previous status', () => {
    const processing = record({
      status: 'processing',
      updated_at: '2019-06-20 09:14:38',
    });
    const stored = buildOrderItem(
      processing,
      undefined,
      contentHash(processing),
      '2024-05-01T09:00:00.000Z',
    ) as unknown as StoredOrderState;
    const movedAndPaid = record({ start_at: '2019-06-21 13:00:00' });

    const plan = planChanges([movedAndPaid], new Map([[123457, stored]]), {
      events: { source: 'https://x/', sourceTimeZone: 'Europe/Moscow' },
      publishFirstSightings: true,
      observedAt: '2024-05-02T09:00:00.000Z',
    });

    const rescheduled = plan.events.find(
      (event) => event.type === 'order.rescheduled',
    );
    expect(rescheduled?.data.previous_status).toBe('processing');
  });

  it('order-event: a first sighting and a change from status "null" get other ids', () => {
    const order = record({});
    const context = { source: 'https://x/', sourceTimeZone: 'Europe/Moscow' };

    expect(statusChangedEvent(order, null, context).id).not.toBe(
      statusChangedEvent(order, 'null', context).id,
    );
    expect(
      rescheduledEvent(order, { status: 'paid', start_at: null }, context).id,
    ).not.toBe(
      rescheduledEvent(order, { status: 'paid', start_at: 'null' }, context).id,
    );
  });

  it('json: keeps -0 exact', () => {
    expect(stringifyExactJson(parseExactJson('{"a":-0}'))).toBe('{"a":-0}');
  });

  it('json/order-record: accepts a 16-digit safe integer id', () => {
    const raw = parseExactJson(
      '{"id":1000000000000000,"status":"paid","updated_at":"2019-06-20 09:16:10"}',
    );

    expect(validateRecord(raw, '2100-01-01 00:00:00').valid).toBe(true);
  });

  it('source-time: moves a time in a spring-forward gap forward, as in Berlin', () => {
    expect(
      fromSourceTimestamp('2024-03-31 02:30:00', 'Europe/Berlin').toISOString(),
    ).toBe('2024-03-31T01:30:00.000Z');
    expect(
      fromSourceTimestamp(
        '2024-03-10 02:30:00',
        'America/New_York',
      ).toISOString(),
    ).toBe('2024-03-10T07:30:00.000Z');
  });

  it('source-time: rejects an impossible date', () => {
    expect(() => fromSourceTimestamp('2023-02-30 00:00:00', 'UTC')).toThrow(
      RangeError,
    );
  });
});
