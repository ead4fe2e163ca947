import type { ApiOrder } from './order';
import { Random } from './random';

/** Price and profit of an order, in roubles. */
export type Money = Pick<ApiOrder, 'price' | 'profit'>;

/** Money of an order that is not paid. */
export const NO_MONEY: Money = { price: null, profit: null };

const UNPRICED_STATUSES = new Set(['processing', 'cancelled']);

/**
 * Generates a price in roubles with at most two decimals, and the partner's
 * profit at 8-12% of it. Half the prices are round (15000.0), 30% end in .5
 * (2349.5), and 20% have kopecks (7832.17).
 */
export function generateMoney(random: Random): Money {
  const shape = random.next();
  let priceKopecks: number;
  if (shape < 0.5) {
    priceKopecks = random.int(2, 120) * 500 * 100;
  } else if (shape < 0.8) {
    priceKopecks = random.int(800, 30_000) * 100 + 50;
  } else {
    priceKopecks = random.int(80_000, 5_000_000);
  }
  const rate = 0.08 + random.next() * 0.04;

  return {
    price: priceKopecks / 100,
    profit: Math.round(priceKopecks * rate) / 100,
  };
}

/**
 * Returns the price and profit of `order` once it moves to `status`.
 * Processing and cancelled orders have none. A paid order keeps its money or
 * gets money generated from its id. Other statuses keep the current money.
 */
export function moneyForStatus(order: ApiOrder, status: string): Money {
  if (UNPRICED_STATUSES.has(status)) {
    return NO_MONEY;
  }
  if (status === 'paid' && order.price === null) {
    return generateMoney(new Random(order.id));
  }

  return { price: order.price, profit: order.profit };
}
