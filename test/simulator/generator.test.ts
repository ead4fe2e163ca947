import { describe, expect, it } from 'vitest';
import { generateOrders } from './generator';
import { DOCUMENTATION_EXAMPLE_ORDERS } from './order';

const RANGE = { from: '2024-01-01 00:00:00', to: '2024-12-31 23:59:59' };
const orders = generateOrders({ count: 600, seed: 7, ...RANGE });

function decimals(value: number): number {
  return String(value).split('.')[1]?.length ?? 0;
}

describe('generateOrders', () => {
  it('returns the same orders for the same seed', () => {
    const again = generateOrders({ count: 600, seed: 7, ...RANGE });

    expect(again).toEqual(orders);
  });

  it('returns other orders for another seed', () => {
    const other = generateOrders({ count: 600, seed: 8, ...RANGE });

    expect(other).not.toEqual(orders);
  });

  it('writes fields in the documented order', () => {
    const [documented] = DOCUMENTATION_EXAMPLE_ORDERS;

    for (const order of orders) {
      expect(Object.keys(order)).toEqual(Object.keys(documented ?? {}));
      expect(Object.keys(order.utm_marks)).toEqual([
        'content',
        'source',
        'term',
        'medium',
        'campaign',
      ]);
    }
  });

  it('leaves money null unless paid', () => {
    for (const order of orders.filter((o) => o.status !== 'paid')) {
      expect(order.price).toBeNull();
      expect(order.profit).toBeNull();
    }
  });

  it('gives paid orders a price and an 8-12% profit', () => {
    for (const order of orders.filter((o) => o.status === 'paid')) {
      const price = order.price ?? Number.NaN;
      const profit = order.profit ?? Number.NaN;
      expect(decimals(price)).toBeLessThanOrEqual(2);
      expect(decimals(profit)).toBeLessThanOrEqual(2);
      expect(profit / price).toBeGreaterThanOrEqual(0.079);
      expect(profit / price).toBeLessThanOrEqual(0.121);
    }
  });

  it('mixes statuses with paid the most common', () => {
    const count = (status: string) =>
      orders.filter((order) => order.status === status).length;

    expect(count('paid')).toBeGreaterThan(orders.length / 2);
    expect(count('processing')).toBeGreaterThan(0);
    expect(count('cancelled')).toBeGreaterThan(0);
  });

  it('keeps timestamps in range and in order', () => {
    for (const order of orders) {
      expect(order.created_at >= RANGE.from).toBe(true);
      expect(order.updated_at >= order.created_at).toBe(true);
      expect(order.updated_at <= RANGE.to).toBe(true);
      if (order.start_at !== null) {
        expect(order.start_at > order.created_at).toBe(true);
      }
    }
  });

  it('leaves start_at null only when unpaid', () => {
    const withoutStart = orders.filter((order) => order.start_at === null);

    expect(withoutStart.length).toBeGreaterThan(0);
    for (const order of withoutStart) {
      expect(order.status).not.toBe('paid');
    }
  });

  it('numbers ids from startId in creation order', () => {
    const numbered = generateOrders({ count: 50, startId: 500, ...RANGE });

    expect(numbered.map((order) => order.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => 500 + i),
    );
    const created = numbered.map((order) => order.created_at);
    expect(created).toEqual([...created].sort());
  });

  it('fills identifiers and constants', () => {
    for (const order of orders) {
      expect(order.partnerorder_id).toMatch(/^[0-9a-f]{8}$/);
      expect(order.currency).toBe('RUB');
      expect(['Экскурсия', 'Тур']).toContain(order.exp_type);
      expect(order.partner).toBe('somepartner');
      expect(order.city.length).toBeLessThanOrEqual(32);
      expect(order.country.iso_code).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('varies titles, cities and subpartners', () => {
    const distinct = (values: unknown[]) => new Set(values).size;

    expect(distinct(orders.map((o) => o.description))).toBeGreaterThan(60);
    expect(distinct(orders.map((o) => o.city))).toBe(10);
    expect(orders.some((o) => o.subpartner === '')).toBe(true);
    expect(orders.some((o) => /^[a-z0-9]+-\d{5}$/.test(o.subpartner))).toBe(
      true,
    );
  });

  it('rejects from after to', () => {
    const generate = () =>
      generateOrders({ count: 1, from: RANGE.to, to: RANGE.from });

    expect(generate).toThrow(/must not be after/);
  });
});

describe('DOCUMENTATION_EXAMPLE_ORDERS', () => {
  it('holds the two documented orders', () => {
    expect(DOCUMENTATION_EXAMPLE_ORDERS.map((order) => order.id)).toEqual([
      123456, 123457,
    ]);
  });
});
