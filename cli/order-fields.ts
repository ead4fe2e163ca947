import { SYNC_METADATA_FIELDS } from '../lambda/order-record';
import type { StoredItem } from '../lambda/stores/order-reader';

/** The fields of an order in the order of the API documentation. */
export const API_FIELD_ORDER = [
  'id',
  'exp_type',
  'partnerorder_id',
  'price',
  'profit',
  'currency',
  'description',
  'city',
  'country',
  'status',
  'updated_at',
  'created_at',
  'start_at',
  'partner',
  'subpartner',
  'utm_marks',
] as const;

/** Returns a table item without the sync's own attributes: the API record. */
export function apiFields(item: StoredItem): Record<string, unknown> {
  const metadata: readonly string[] = SYNC_METADATA_FIELDS;

  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !metadata.includes(name)),
  );
}

/**
 * Returns the API record with its documented fields first, in the
 * documentation's order, then any other fields by name. DynamoDB returns
 * attributes in no particular order.
 */
export function orderedApiFields(item: StoredItem): Record<string, unknown> {
  const fields = apiFields(item);
  const known: readonly string[] = API_FIELD_ORDER;
  const names = [
    ...known.filter((name) => Object.hasOwn(fields, name)),
    ...Object.keys(fields)
      .filter((name) => !known.includes(name))
      .sort(),
  ];

  return Object.fromEntries(names.map((name) => [name, fields[name]]));
}
