import { parseFilterTime } from './clock';
import type { OrderComparator, OrderStore, StoredOrder } from './order-store';

export type Ordering = 'updated_at' | '-updated_at' | 'id' | '-id';

export const ORDERINGS: readonly Ordering[] = [
  'updated_at',
  '-updated_at',
  'id',
  '-id',
];

/** Wall-clock lower bounds, `YYYY-MM-DD HH:MM:SS`, or null when not given. */
export interface ListingFilters {
  updatedAfter: string | null;
  scheduleUpdatedAfter: string | null;
}

/** Validation errors by query parameter, as django-filter reports them. */
export type FilterErrors = Record<string, string[]>;

export interface Page {
  count: number;
  results: StoredOrder[];
  hasNext: boolean;
}

/**
 * Returns the comparator for `ordering`. Orders with equal `updated_at`
 * values are sorted by id in the same direction.
 */
export function compareBy(ordering: Ordering): OrderComparator {
  const direction = ordering.startsWith('-') ? -1 : 1;
  if (ordering.endsWith('updated_at')) {
    return (a, b) =>
      direction *
      (compareText(a.order.updated_at, b.order.updated_at) ||
        a.order.id - b.order.id);
  }

  return (a, b) => direction * (a.order.id - b.order.id);
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }

  return a < b ? -1 : 1;
}

export function parseFilters(
  params: URLSearchParams,
): ListingFilters | FilterErrors {
  const errors: FilterErrors = {};
  const readBound = (name: string): string | null => {
    const value = params.get(name);
    if (value === null || value === '') {
      return null;
    }
    const bound = parseFilterTime(value);
    if (bound === null) {
      errors[name] = ['Enter a valid date/time.'];
    }

    return bound;
  };
  const filters = {
    updatedAfter: readBound('updated_after'),
    scheduleUpdatedAfter: readBound('schedule_updated_after'),
  };

  return Object.keys(errors).length > 0 ? errors : filters;
}

export function isFilterErrors(
  value: ListingFilters | FilterErrors,
): value is FilterErrors {
  return !('updatedAfter' in value);
}

/** Returns the 1-based page number, or null when `page` is not one. */
export function parsePageNumber(params: URLSearchParams): number | null {
  const value = params.get('page') ?? '1';
  const page = /^\d+$/.test(value) ? Number(value) : 0;

  return page >= 1 ? page : null;
}

/**
 * Filters records, remembering the last result until the store changes, so
 * that a crawl of many pages with the same filters filters once.
 */
export class FilteredListing {
  readonly #store: OrderStore;
  readonly #boundInclusive: boolean;
  #key: string | null = null;
  #matching: readonly StoredOrder[] = [];

  constructor(store: OrderStore, boundInclusive: boolean) {
    this.#store = store;
    this.#boundInclusive = boundInclusive;
  }

  /** Returns the records that pass the filters, in listing order. */
  matching(filters: ListingFilters): readonly StoredOrder[] {
    const { updatedAfter, scheduleUpdatedAfter } = filters;
    const key = `${this.#store.version}|${updatedAfter}|${scheduleUpdatedAfter}`;
    if (key !== this.#key) {
      const records = this.#store.sorted();
      this.#matching = filterRecords(records, filters, this.#boundInclusive);
      this.#key = key;
    }

    return this.#matching;
  }
}

/**
 * Returns the records after both bounds, when given. Timestamps and bounds
 * are wall-clock readings in the source's zone, so they compare as text.
 * NOTE: in a zone with daylight saving time, the hour repeated in autumn
 * compares out of order. Moscow has not changed its clocks since October
 * 2014.
 */
function filterRecords(
  records: readonly StoredOrder[],
  filters: ListingFilters,
  boundInclusive: boolean,
): StoredOrder[] {
  const isAfter = boundInclusive
    ? (value: string, bound: string) => value >= bound
    : (value: string, bound: string) => value > bound;
  const { updatedAfter, scheduleUpdatedAfter } = filters;

  return records.filter(
    (record) =>
      (updatedAfter === null ||
        isAfter(record.order.updated_at, updatedAfter)) &&
      (scheduleUpdatedAfter === null ||
        isAfter(record.scheduleUpdatedAt, scheduleUpdatedAfter)),
  );
}

/**
 * Returns one page of `matching`, or null when the page is out of range.
 * Page 1 of an empty list exists, as in Django's paginator.
 */
export function paginate(
  matching: readonly StoredOrder[],
  page: number,
  pageSize: number,
): Page | null {
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  if (page > pageCount) {
    return null;
  }
  const start = (page - 1) * pageSize;
  const results = matching.slice(start, start + pageSize);

  return { count: matching.length, results, hasNext: page < pageCount };
}

/**
 * Builds a link to another page of the same request, the way Django REST
 * Framework does: every query parameter kept, keys sorted, and no `page`
 * parameter on the link to page 1.
 */
export function pageLink(
  requestUrl: URL,
  publicBase: string,
  page: number,
): string {
  const params = new URLSearchParams(requestUrl.searchParams);
  if (page === 1) {
    params.delete('page');
  } else {
    params.set('page', String(page));
  }
  params.sort();
  const path = requestUrl.pathname.replace(/^\/api/, '');
  const query = params.toString();

  return query === ''
    ? `${publicBase}${path}`
    : `${publicBase}${path}?${query}`;
}
