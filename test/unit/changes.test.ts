import { describe, expect, it } from 'vitest';
import type { EventContext } from '../../lambda/events/order-event';
import {
  buildOrderItem,
  contentHash,
  type StoredOrderState,
} from '../../lambda/order-item';
import type { OrderRecord } from '../../lambda/order-record';
import {
  type ChangeOptions,
  latestPerOrder,
  planChanges,
} from '../../lambda/sync/changes';
import { orderRecord } from './order-fixtures';

const EVENTS: EventContext = {
  source: 'https://experience.tripster.ru/api/partners/p1/experienceorders/',
  sourceTimeZone: 'Europe/Moscow',
};
const FIRST_RUN = '2024-05-01T09:00:00.000Z';
const THIS_RUN = '2024-05-02T09:00:00.000Z';
const OPTIONS: ChangeOptions = {
  events: EVENTS,
  publishFirstSightings: true,
  observedAt: THIS_RUN,
};

/** Returns the table's state after an earlier run stored `order`. */
function storedAs(order: OrderRecord): StoredOrderState {
  return buildOrderItem(
    order,
    undefined,
    contentHash(order),
    FIRST_RUN,
  ) as unknown as StoredOrderState;
}

function tableOf(...orders: OrderRecord[]): Map<number, StoredOrderState> {
  return new Map(orders.map((order) => [order.id, storedAs(order)]));
}

const PROCESSING = orderRecord({
  status: 'processing',
  price: null,
  profit: null,
  updated_at: '2019-06-20 09:14:38',
});
const PAID = orderRecord({ updated_at: '2019-06-20 09:16:10' });

describe('planChanges', () => {
  it('writes a new order and publishes its first sighting', () => {
    const plan = planChanges([PAID], new Map(), OPTIONS);

    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]?.sync_first_seen_at).toBe(THIS_RUN);
    expect(plan.events.map((event) => event.type)).toEqual([
      'order.status_changed',
    ]);
    expect(plan.events[0]?.data.previous_status).toBeNull();
    expect(plan.events[0]?.data.status).toBe('paid');
  });

  it('writes a new order silently when first sightings are off', () => {
    const options = { ...OPTIONS, publishFirstSightings: false };

    const plan = planChanges([PAID], new Map(), options);

    expect(plan.writes).toHaveLength(1);
    expect(plan.events).toEqual([]);
  });

  it('costs no write and no event for unchanged content', () => {
    const plan = planChanges([PAID], tableOf(PAID), OPTIONS);

    expect(plan.writes).toEqual([]);
    expect(plan.events).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.stale).toBe(0);
  });

  it('finds unchanged content written in another key order', () => {
    const reordered = orderRecord({
      utm_marks: {
        campaign: 'affiliates',
        medium: 'link',
        term: null,
        source: 'somepartner',
        content: null,
      },
    });

    const plan = planChanges([reordered], tableOf(PAID), OPTIONS);

    expect(plan.unchanged).toBe(1);
  });

  it('writes changed content without an event when status stays', () => {
    const repriced = orderRecord({
      price: 16000.0,
      updated_at: '2019-06-21 10:00:00',
    });

    const plan = planChanges([repriced], tableOf(PAID), OPTIONS);

    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]?.price).toBe(16000);
    expect(plan.events).toEqual([]);
  });

  it('publishes one status event with the previous status', () => {
    const plan = planChanges([PAID], tableOf(PROCESSING), OPTIONS);

    expect(plan.writes).toHaveLength(1);
    expect(plan.events).toHaveLength(1);
    expect(plan.events[0]?.type).toBe('order.status_changed');
    expect(plan.events[0]?.data.previous_status).toBe('processing');
    expect(plan.events[0]?.data.status).toBe('paid');
  });

  it('publishes a reschedule when start_at changes', () => {
    const moved = orderRecord({
      start_at: '2019-06-21 13:00:00',
      updated_at: '2019-06-20 10:00:00',
    });

    const plan = planChanges([moved], tableOf(PAID), OPTIONS);

    expect(plan.writes).toHaveLength(1);
    expect(plan.events).toHaveLength(1);
    expect(plan.events[0]?.type).toBe('order.rescheduled');
    expect(plan.events[0]?.data.previous_start_at).toBe('2019-06-20 13:00:00');
    expect(plan.events[0]?.data.start_at).toBe('2019-06-21 13:00:00');
  });

  it('publishes a reschedule when start_at is first set', () => {
    const unscheduled = orderRecord({ start_at: null, status: 'processing' });
    const scheduled = orderRecord({
      status: 'processing',
      updated_at: '2019-06-20 10:00:00',
    });

    const plan = planChanges([scheduled], tableOf(unscheduled), OPTIONS);

    expect(plan.events.map((event) => event.type)).toEqual([
      'order.rescheduled',
    ]);
    expect(plan.events[0]?.data.previous_start_at).toBeNull();
  });

  it('publishes two events for status and start_at changes', () => {
    const movedAndPaid = orderRecord({ start_at: '2019-06-21 13:00:00' });

    const plan = planChanges([movedAndPaid], tableOf(PROCESSING), OPTIONS);

    expect(plan.writes).toHaveLength(1);
    expect(plan.events.map((event) => event.type)).toEqual([
      'order.status_changed',
      'order.rescheduled',
    ]);
  });

  it('skips a record older than the stored one', () => {
    const plan = planChanges([PROCESSING], tableOf(PAID), OPTIONS);

    expect(plan.writes).toEqual([]);
    expect(plan.events).toEqual([]);
    expect(plan.stale).toBe(1);
    expect(plan.unchanged).toBe(0);
  });

  it('writes other content with an equal updated_at', () => {
    const corrected = orderRecord({ city: 'Kraków' });

    const plan = planChanges([corrected], tableOf(PAID), OPTIONS);

    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]?.city).toBe('Kraków');
    expect(plan.stale).toBe(0);
  });

  it('keeps first seen and appends history for a known order', () => {
    const plan = planChanges([PAID], tableOf(PROCESSING), OPTIONS);

    expect(plan.writes[0]?.sync_first_seen_at).toBe(FIRST_RUN);
    expect(plan.writes[0]?.sync_last_written_at).toBe(THIS_RUN);
    expect(plan.writes[0]?.sync_status_history).toHaveLength(2);
    expect(plan.writes[0]?.sync_content_hash).toBe(contentHash(PAID));
  });

  it('plans each order of a page on its own', () => {
    const other = orderRecord({ id: 200_000 });
    const third = orderRecord({ id: 300_000, status: 'cancelled' });

    const plan = planChanges(
      [PAID, other, third],
      tableOf(PROCESSING, other, orderRecord({ id: 300_000 })),
      OPTIONS,
    );

    expect(plan.writes.map((item) => item.id)).toEqual([123_457, 300_000]);
    expect(plan.events.map((event) => event.subject)).toEqual([
      '123457',
      '300000',
    ]);
    expect(plan.unchanged).toBe(1);
  });
});

describe('latestPerOrder', () => {
  it('keeps the record with the latest updated_at', () => {
    const { orders } = latestPerOrder([PAID, PROCESSING]);

    expect(orders).toEqual([PAID]);
  });

  it('keeps the later record on a tie', () => {
    const corrected = orderRecord({ city: 'Kraków' });

    const { orders } = latestPerOrder([PAID, corrected]);

    expect(orders).toEqual([corrected]);
  });

  it('reports a duplicated id', () => {
    const { duplicated } = latestPerOrder([PROCESSING, PAID]);

    expect(duplicated).toBe(true);
  });

  it('keeps distinct orders in order without a duplicate', () => {
    const other = orderRecord({ id: 200_000 });

    const result = latestPerOrder([PAID, other]);

    expect(result.orders).toEqual([PAID, other]);
    expect(result.duplicated).toBe(false);
  });

  it('returns nothing for an empty page', () => {
    expect(latestPerOrder([])).toEqual({ orders: [], duplicated: false });
  });
});
