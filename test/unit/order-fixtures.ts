import { parseExactJson } from '../../lambda/json';
import { type OrderRecord, validateRecord } from '../../lambda/order-record';
import { DOCUMENTATION_EXAMPLE_ORDERS } from '../simulator/order';

/**
 * Builds a validated record from the documentation's paid order with
 * `changes` applied, parsed as the sync parses API text.
 */
export function orderRecord(
  changes: Record<string, unknown> = {},
): OrderRecord {
  const text = JSON.stringify({
    ...DOCUMENTATION_EXAMPLE_ORDERS[1],
    ...changes,
  });
  const check = validateRecord(parseExactJson(text), '2100-01-01 00:00:00');
  if (!check.valid) {
    throw new Error(`invalid test record: ${check.reason}`);
  }

  return check.order;
}
