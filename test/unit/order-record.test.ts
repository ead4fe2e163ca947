import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseExactJson } from '../../lambda/json';
import {
  MAX_RECORD_CHARS,
  type OrderRecord,
  SYNC_METADATA_FIELDS,
  validateRecord,
} from '../../lambda/order-record';
import { DOCUMENTATION_EXAMPLE_ORDERS } from '../simulator/order';

const LATEST_UPDATED_AT = '2030-01-01 00:00:00';

/** Returns a fresh copy of the documentation's paid order with `changes`. */
function paidOrder(
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...structuredClone(DOCUMENTATION_EXAMPLE_ORDERS[1]), ...changes };
}

/** Returns a fresh copy of the documentation's paid order without `name`. */
function paidOrderWithout(name: string): Record<string, unknown> {
  const order = paidOrder();
  delete order[name];

  return order;
}

/** Validates `raw` and returns the order, failing the test on a rejection. */
function acceptedOrder(raw: unknown): OrderRecord {
  const check = validateRecord(raw, LATEST_UPDATED_AT);
  if (!check.valid) {
    throw new Error(`record was rejected: ${check.reason}`);
  }

  return check.order;
}

/** Validates `raw` and returns the rejection, failing the test on a pass. */
function rejectionOf(raw: unknown): { reason: string; orderId?: number } {
  const check = validateRecord(raw, LATEST_UPDATED_AT);
  if (check.valid) {
    throw new Error(`record ${check.order.id} was accepted`);
  }

  return check;
}

describe('validateRecord', () => {
  it.each(
    DOCUMENTATION_EXAMPLE_ORDERS.map((order) => [order.id, order] as const),
  )('accepts documentation example %i', (_id, example) => {
    const raw = parseExactJson(JSON.stringify(example));

    const check = validateRecord(raw, LATEST_UPDATED_AT);

    expect(check).toEqual({
      valid: true,
      order: {
        id: example.id,
        status: example.status,
        updated_at: example.updated_at,
        start_at: example.start_at,
        fields: raw,
      },
    });
  });

  it('keeps the exact digits of the price', () => {
    const raw = parseExactJson(
      '{"id":123457,"status":"paid","updated_at":"2019-06-20 09:16:10",' +
        '"price":15000.0,"profit":1200.0}',
    );

    const order = acceptedOrder(raw);

    expect(String(order.fields.price)).toBe('15000.0');
  });

  it.each<[string, unknown, string]>([
    ['a string', 'order', 'record is not a JSON object'],
    ['an array', [paidOrder()], 'record is not a JSON object'],
    ['null', null, 'record is not a JSON object'],
    ['a number', 123_457, 'record is not a JSON object'],
    ['a NumberValue', NumberValue.from('1.5'), 'record is not a JSON object'],
    ['a missing id', paidOrderWithout('id'), 'id is missing'],
    ['a string id', paidOrder({ id: '123457' }), 'id is missing'],
    ['a float id', paidOrder({ id: 1.5 }), 'not a positive integer'],
    [
      'an id written as a decimal',
      paidOrder({ id: NumberValue.from('123457.0') }),
      'not a positive integer',
    ],
    ['a zero id', paidOrder({ id: 0 }), 'not a positive integer'],
    ['a negative id', paidOrder({ id: -5 }), 'not a positive integer'],
    [
      'an unsafe id',
      paidOrder({ id: Number.MAX_SAFE_INTEGER + 1 }),
      'not a positive integer',
    ],
  ])('rejects %s without an order id', (_case, raw, fragment) => {
    const rejection = rejectionOf(raw);

    expect(rejection.reason).toContain(fragment);
    expect(rejection.orderId).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['a missing status', paidOrderWithout('status'), 'status is missing'],
    ['an empty status', paidOrder({ status: '' }), 'status is missing'],
    ['a number status', paidOrder({ status: 2 }), 'status is missing'],
    [
      'a status with a space',
      paidOrder({ status: 'pending payment' }),
      'not a word',
    ],
    ['a status with a newline', paidOrder({ status: 'paid\n' }), 'not a word'],
    ['a status with a NUL', paidOrder({ status: 'pa\u0000id' }), 'not a word'],
    [
      'a status of 65 characters',
      paidOrder({ status: 's'.repeat(65) }),
      'not a word',
    ],
    [
      'a missing updated_at',
      paidOrderWithout('updated_at'),
      'updated_at is missing',
    ],
    [
      'an ISO updated_at',
      paidOrder({ updated_at: '2019-06-20T09:16:10' }),
      'not a YYYY-MM-DD HH:MM:SS timestamp',
    ],
    [
      'an updated_at without seconds',
      paidOrder({ updated_at: '2019-06-20 09:16' }),
      'not a YYYY-MM-DD HH:MM:SS timestamp',
    ],
    [
      'a numeric updated_at',
      paidOrder({ updated_at: 1_561_011_370 }),
      'not a YYYY-MM-DD HH:MM:SS timestamp',
    ],
    [
      'an impossible updated_at',
      paidOrder({ updated_at: '2019-02-30 09:16:10' }),
      'not a YYYY-MM-DD HH:MM:SS timestamp',
    ],
    [
      'an updated_at past the source clock',
      paidOrder({ updated_at: '2030-01-01 00:00:01' }),
      "updated_at 2030-01-01 00:00:01 is later than the source's clock allows",
    ],
    ...SYNC_METADATA_FIELDS.map((name): [string, unknown, string] => [
      `a field named ${name}`,
      paidOrder({ [name]: 'x' }),
      `field ${name} collides with the sync's own metadata`,
    ]),
    [
      'an oversized record',
      paidOrder({ description: 'д'.repeat(MAX_RECORD_CHARS) }),
      `record is larger than ${MAX_RECORD_CHARS} characters of JSON`,
    ],
    [
      'an unstorable number',
      paidOrder({ price: NumberValue.from('1e126') }),
      'price is a number DynamoDB cannot store: 1e126',
    ],
    [
      'a lone surrogate',
      paidOrder({ city: 'Krak\uD800w' }),
      'city is not valid Unicode text',
    ],
    [
      'an empty field name',
      paidOrder({ '': 'x' }),
      'record has a field with an empty name',
    ],
  ])('rejects %s and keeps the order id', (_case, raw, fragment) => {
    const rejection = rejectionOf(raw);

    expect(rejection.reason).toContain(fragment);
    expect(rejection.orderId).toBe(123_457);
  });

  it('accepts updated_at equal to the latest allowed', () => {
    const raw = paidOrder({ updated_at: LATEST_UPDATED_AT });

    expect(validateRecord(raw, LATEST_UPDATED_AT).valid).toBe(true);
  });

  it.each(['refunded', 'confirmation', 'pending_payment', 'оплачен'])(
    'keeps the unknown status %s',
    (status) => {
      const order = acceptedOrder(paidOrder({ status }));

      expect(order.status).toBe(status);
    },
  );

  it('accepts a status of 64 characters', () => {
    const raw = paidOrder({ status: 's'.repeat(64) });

    expect(validateRecord(raw, LATEST_UPDATED_AT).valid).toBe(true);
  });

  it('accepts a record of exactly the largest size', () => {
    const base = canonicalJson(paidOrder({ description: '' })).length;
    const fill = 'д'.repeat(MAX_RECORD_CHARS - base);

    expect(acceptedOrder(paidOrder({ description: fill })).id).toBe(123457);
    expect(rejectionOf(paidOrder({ description: `${fill}д` })).reason).toBe(
      `record is larger than ${MAX_RECORD_CHARS} characters of JSON`,
    );
  });

  it('keeps unknown extra fields', () => {
    const raw = paidOrder({
      refund_reason: 'weather',
      extra: { nested: [1, 2] },
    });

    const order = acceptedOrder(raw);

    expect(order.fields.refund_reason).toBe('weather');
    expect(order.fields.extra).toEqual({
      nested: [1, 2],
    });
  });

  it('keeps a null price as null', () => {
    const raw = paidOrder({ status: 'processing', price: null, profit: null });

    const order = acceptedOrder(raw);

    expect(order.fields.price).toBeNull();
    expect(order.fields.profit).toBeNull();
  });

  it('reads a missing start_at as null', () => {
    const raw = paidOrderWithout('start_at');

    const order = acceptedOrder(raw);

    expect(order.start_at).toBeNull();
  });

  it('accepts a record of only id, status and updated_at', () => {
    const raw = { id: 1, status: 'paid', updated_at: '2024-01-31 10:00:00' };

    expect(validateRecord(raw, LATEST_UPDATED_AT).valid).toBe(true);
  });
});
