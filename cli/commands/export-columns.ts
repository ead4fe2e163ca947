import type { StoredItem } from '../../lambda/stores/order-reader';
import { API_FIELD_ORDER } from '../order-fields';

/** A CSV column: its header and how to read it from a table item. */
export interface Column {
  readonly header: string;
  read(item: StoredItem): unknown;
}

/** Keys of the nested objects, in the order of the API documentation. */
const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  country: ['name_en', 'iso_code'],
  utm_marks: ['content', 'source', 'term', 'medium', 'campaign'],
};

/** Header prefix of each nested object's columns. */
const NESTED_PREFIX: Readonly<Record<string, string>> = {
  country: 'country_',
  utm_marks: 'utm_',
};

/**
 * The API's fields in the order of its documentation, with `country` and
 * `utm_marks` flattened to one column per key: country_name_en,
 * utm_source and so on. Fields the API adds later are in the JSON lines
 * export only.
 */
export const ORDER_COLUMNS: readonly Column[] = API_FIELD_ORDER.flatMap(
  (name): Column[] => {
    const keys = NESTED_KEYS[name];
    if (keys === undefined) {
      return [{ header: name, read: (item) => item[name] }];
    }

    return keys.map((key) => ({
      header: `${NESTED_PREFIX[name]}${key}`,
      read: (item) => nestedValue(item[name], key),
    }));
  },
);

function nestedValue(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
