import { DOCUMENTATION_EXAMPLE_ORDERS, type OrderInput } from './order';

const [, PAID_EXAMPLE] = DOCUMENTATION_EXAMPLE_ORDERS;

/** Returns a paid order with the given id and timestamps. */
export function orderAt(
  id: number,
  updatedAt: string,
  scheduleUpdatedAt?: string,
): OrderInput {
  if (PAID_EXAMPLE === undefined) {
    throw new Error('The documentation example has two orders');
  }
  const order: OrderInput = {
    ...structuredClone(PAID_EXAMPLE),
    id,
    created_at: '2021-01-01 00:00:00',
    updated_at: updatedAt,
  };
  if (scheduleUpdatedAt !== undefined) {
    order.schedule_updated_at = scheduleUpdatedAt;
  }

  return order;
}
