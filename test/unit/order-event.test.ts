import { describe, expect, it } from 'vitest';
import {
  type EventContext,
  rescheduledEvent,
  statusChangedEvent,
} from '../../lambda/events/order-event';
import { orderRecord } from './order-fixtures';

const CONTEXT: EventContext = {
  source: 'https://experience.tripster.ru/api/partners/p1/experienceorders/',
  sourceTimeZone: 'Europe/Moscow',
};

const UUID_FORM =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('statusChangedEvent', () => {
  it('fills every CloudEvents 1.0 field', () => {
    const order = orderRecord();

    const event = statusChangedEvent(order, 'processing', CONTEXT);

    expect(event.specversion).toBe('1.0');
    expect(event.id).toMatch(UUID_FORM);
    expect(event.source).toBe(CONTEXT.source);
    expect(event.type).toBe('order.status_changed');
    expect(event.subject).toBe('123457');
    expect(event.datacontenttype).toBe('application/json');
  });

  it('stamps time in UTC from the source time zone', () => {
    const order = orderRecord({ updated_at: '2019-06-20 09:16:10' });

    const event = statusChangedEvent(order, 'processing', CONTEXT);

    expect(event.time).toBe('2019-06-20T06:16:10.000Z');
  });

  it('stamps time across midnight UTC', () => {
    const order = orderRecord({ updated_at: '2024-01-01 01:30:00' });

    const event = statusChangedEvent(order, 'processing', CONTEXT);

    expect(event.time).toBe('2023-12-31T22:30:00.000Z');
  });

  it('uses the configured source time zone', () => {
    const order = orderRecord({ updated_at: '2024-07-01 12:00:00' });
    const context = { ...CONTEXT, sourceTimeZone: 'America/New_York' };

    const event = statusChangedEvent(order, 'processing', context);

    expect(event.time).toBe('2024-07-01T16:00:00.000Z');
  });

  it('carries both statuses and the order as data', () => {
    const order = orderRecord();

    const event = statusChangedEvent(order, 'processing', CONTEXT);

    expect(event.data).toEqual({
      previous_status: 'processing',
      status: 'paid',
      order: order.fields,
    });
  });

  it('gives a first sighting a null previous status', () => {
    const event = statusChangedEvent(orderRecord(), null, CONTEXT);

    expect(event.data.previous_status).toBeNull();
  });

  it('repeats the id for the same transition', () => {
    const first = statusChangedEvent(orderRecord(), 'processing', CONTEXT);
    const second = statusChangedEvent(orderRecord(), 'processing', CONTEXT);

    expect(second.id).toBe(first.id);
  });

  it('keeps the id when other fields of the order change', () => {
    const first = statusChangedEvent(orderRecord(), 'processing', CONTEXT);
    const repriced = orderRecord({ price: 15500.0, city: 'Kraków' });

    const second = statusChangedEvent(repriced, 'processing', CONTEXT);

    expect(second.id).toBe(first.id);
  });

  it('keeps the id in another deployment time zone', () => {
    const first = statusChangedEvent(orderRecord(), 'processing', CONTEXT);
    const context = { ...CONTEXT, sourceTimeZone: 'UTC' };

    const second = statusChangedEvent(orderRecord(), 'processing', context);

    expect(second.id).toBe(first.id);
  });

  it.each([
    ['another order', orderRecord({ id: 123_458 }), 'processing'],
    ['another previous status', orderRecord(), 'confirmation'],
    ['a first sighting', orderRecord(), null],
    ['another status', orderRecord({ status: 'cancelled' }), 'processing'],
    [
      'another updated_at',
      orderRecord({ updated_at: '2019-06-20 09:16:11' }),
      'processing',
    ],
  ])('gives another id for %s', (_case, order, previousStatus) => {
    const base = statusChangedEvent(orderRecord(), 'processing', CONTEXT);

    const other = statusChangedEvent(order, previousStatus, CONTEXT);

    expect(other.id).not.toBe(base.id);
  });
});

describe('rescheduledEvent', () => {
  it('fills the CloudEvents fields with the reschedule type', () => {
    const order = orderRecord({ start_at: '2019-06-21 13:00:00' });

    const event = rescheduledEvent(
      order,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );

    expect(event.specversion).toBe('1.0');
    expect(event.id).toMatch(UUID_FORM);
    expect(event.source).toBe(CONTEXT.source);
    expect(event.type).toBe('order.rescheduled');
    expect(event.subject).toBe('123457');
    expect(event.time).toBe('2019-06-20T06:16:10.000Z');
    expect(event.datacontenttype).toBe('application/json');
  });

  it('carries both start times and the order as data', () => {
    const order = orderRecord({ start_at: '2019-06-21 13:00:00' });

    const event = rescheduledEvent(
      order,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );

    expect(event.data).toEqual({
      previous_status: 'paid',
      status: 'paid',
      previous_start_at: '2019-06-20 13:00:00',
      start_at: '2019-06-21 13:00:00',
      order: order.fields,
    });
  });

  it('writes an unknown previous start as null', () => {
    const order = orderRecord({ start_at: '2019-06-21 13:00:00' });

    const event = rescheduledEvent(
      order,
      { status: 'paid', start_at: undefined },
      CONTEXT,
    );

    expect(event.data.previous_start_at).toBeNull();
  });

  it('gives the same id for the same reschedule', () => {
    const order = orderRecord({ start_at: '2019-06-21 13:00:00' });

    const first = rescheduledEvent(
      order,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );
    const second = rescheduledEvent(
      order,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );

    expect(second.id).toBe(first.id);
  });

  it.each([
    ['another previous start', '2019-06-19 13:00:00'],
    ['no previous start', null],
  ])('gives another id for %s', (_case, previousStartAt) => {
    const order = orderRecord({ start_at: '2019-06-21 13:00:00' });
    const base = rescheduledEvent(
      order,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );

    const other = rescheduledEvent(
      order,
      { status: 'paid', start_at: previousStartAt },
      CONTEXT,
    );

    expect(other.id).not.toBe(base.id);
  });

  it('gives another id for another new start', () => {
    const first = orderRecord({ start_at: '2019-06-21 13:00:00' });
    const second = orderRecord({ start_at: '2019-06-22 13:00:00' });

    const firstEvent = rescheduledEvent(
      first,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );
    const secondEvent = rescheduledEvent(
      second,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );

    expect(secondEvent.id).not.toBe(firstEvent.id);
  });

  it('gives a reschedule its own id', () => {
    const order = orderRecord({ start_at: '2019-06-21 13:00:00' });

    const rescheduled = rescheduledEvent(
      order,
      { status: 'paid', start_at: '2019-06-20 13:00:00' },
      CONTEXT,
    );
    const changed = statusChangedEvent(order, 'processing', CONTEXT);

    expect(rescheduled.id).not.toBe(changed.id);
  });
});
