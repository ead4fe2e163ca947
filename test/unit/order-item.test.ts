import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../../lambda/json';
import {
  buildOrderItem,
  contentHash,
  type StatusChange,
  type StoredOrderState,
} from '../../lambda/order-item';
import { validateRecord } from '../../lambda/order-record';
import { orderRecord } from './order-fixtures';

const FIRST_RUN = '2024-05-01T09:00:00.000Z';
const LATER_RUN = '2024-05-02T09:00:00.000Z';

function storedState(
  changes: Partial<StoredOrderState> = {},
): StoredOrderState {
  return {
    id: 123_457,
    status: 'processing',
    updated_at: '2019-06-20 09:14:38',
    start_at: '2019-06-20 13:00:00',
    sync_content_hash: 'old-hash',
    sync_first_seen_at: FIRST_RUN,
    sync_status_history: [
      {
        status: 'processing',
        updated_at: '2019-06-20 09:14:38',
        observed_at: FIRST_RUN,
      },
    ],
    ...changes,
  };
}

function history(length: number): StatusChange[] {
  return Array.from({ length }, (_, index) => ({
    status: index % 2 === 0 ? 'processing' : 'paid',
    updated_at: '2019-06-20 09:14:38',
    observed_at: `2024-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z`,
  }));
}

describe('buildOrderItem', () => {
  it('stores every API field under its API name', () => {
    const order = orderRecord();

    const item = buildOrderItem(order, undefined, 'hash', FIRST_RUN);

    for (const [name, value] of Object.entries(order.fields)) {
      expect(item[name]).toEqual(value);
    }
    expect(item.country).toEqual({ name_en: 'Poland', iso_code: 'PL' });
    expect(item.utm_marks).toMatchObject({ medium: 'link' });
  });

  it('adds only the sync metadata to the API fields', () => {
    const order = orderRecord();

    const item = buildOrderItem(order, undefined, 'hash', FIRST_RUN);

    const added = Object.keys(item).filter(
      (name) => !Object.hasOwn(order.fields, name),
    );
    expect(added.sort()).toEqual([
      'sync_content_hash',
      'sync_first_seen_at',
      'sync_last_written_at',
      'sync_status_history',
    ]);
  });

  it('stamps a new order as first seen now', () => {
    const item = buildOrderItem(orderRecord(), undefined, 'hash', FIRST_RUN);

    expect(item.sync_first_seen_at).toBe(FIRST_RUN);
    expect(item.sync_last_written_at).toBe(FIRST_RUN);
    expect(item.sync_content_hash).toBe('hash');
  });

  it('starts the history of a new order with its status', () => {
    const item = buildOrderItem(orderRecord(), undefined, 'hash', FIRST_RUN);

    expect(item.sync_status_history).toEqual([
      {
        status: 'paid',
        updated_at: '2019-06-20 09:16:10',
        observed_at: FIRST_RUN,
      },
    ]);
  });

  it('keeps first seen from the stored item', () => {
    const item = buildOrderItem(
      orderRecord(),
      storedState(),
      'hash',
      LATER_RUN,
    );

    expect(item.sync_first_seen_at).toBe(FIRST_RUN);
    expect(item.sync_last_written_at).toBe(LATER_RUN);
  });

  it('appends to the history when the status changes', () => {
    const stored = storedState();

    const item = buildOrderItem(orderRecord(), stored, 'hash', LATER_RUN);

    expect(item.sync_status_history).toEqual([
      ...(stored.sync_status_history ?? []),
      {
        status: 'paid',
        updated_at: '2019-06-20 09:16:10',
        observed_at: LATER_RUN,
      },
    ]);
  });

  it('keeps the history when the status stays', () => {
    const stored = storedState({ status: 'paid' });
    const order = orderRecord({ price: 16000.5 });

    const item = buildOrderItem(order, stored, 'hash', LATER_RUN);

    expect(item.sync_status_history).toEqual(stored.sync_status_history);
  });

  it('starts a history for a stored item that had none', () => {
    const stored = storedState({ sync_status_history: undefined });

    const item = buildOrderItem(orderRecord(), stored, 'hash', LATER_RUN);

    expect(item.sync_status_history).toEqual([
      {
        status: 'paid',
        updated_at: '2019-06-20 09:16:10',
        observed_at: LATER_RUN,
      },
    ]);
  });

  it('caps the history at 50 entries, dropping the oldest', () => {
    const stored = storedState({
      status: 'cancelled',
      sync_status_history: history(50),
    });

    const item = buildOrderItem(orderRecord(), stored, 'hash', LATER_RUN);

    const itemHistory = item.sync_status_history as StatusChange[];
    expect(itemHistory).toHaveLength(50);
    expect(itemHistory[0]).toEqual(history(50)[1]);
    expect(itemHistory[49]).toEqual({
      status: 'paid',
      updated_at: '2019-06-20 09:16:10',
      observed_at: LATER_RUN,
    });
  });

  it('does not change the stored history array', () => {
    const stored = storedState();

    buildOrderItem(orderRecord(), stored, 'hash', LATER_RUN);

    expect(stored.sync_status_history).toHaveLength(1);
  });
});

describe('contentHash', () => {
  it('is equal for the same content in another key order', () => {
    const first = validateRecord(
      parseExactJson(
        '{"id":1,"status":"paid","updated_at":"2024-05-01 10:00:00","price":2349.55,"country":{"name_en":"Poland","iso_code":"PL"}}',
      ),
      '2100-01-01 00:00:00',
    );
    const second = validateRecord(
      parseExactJson(
        '{"country":{"iso_code":"PL","name_en":"Poland"},"price":2349.55,"updated_at":"2024-05-01 10:00:00","status":"paid","id":1}',
      ),
      '2100-01-01 00:00:00',
    );
    if (!first.valid || !second.valid) {
      throw new Error('invalid test record');
    }

    expect(contentHash(first.order)).toBe(contentHash(second.order));
  });

  it.each([
    ['status', { status: 'cancelled' }],
    ['price', { price: 15000.5 }],
    ['a nested field', { country: { name_en: 'Poland', iso_code: 'pl' } }],
    ['updated_at', { updated_at: '2019-06-20 09:16:11' }],
    ['an extra field', { refund_reason: 'weather' }],
  ])('changes with %s', (_case, changes) => {
    expect(contentHash(orderRecord(changes))).not.toBe(
      contentHash(orderRecord()),
    );
  });

  it('is 32 hex digits', () => {
    expect(contentHash(orderRecord())).toMatch(/^[0-9a-f]{32}$/);
  });
});
