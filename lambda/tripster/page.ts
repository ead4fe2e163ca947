import { SourceResponseError } from '../errors';
import { isPlainObject, parseExactJson } from '../json';

/** One page of the orders list, as the API sent it. */
export interface OrdersPage {
  readonly count: number;
  readonly next: string | null;
  readonly results: readonly unknown[];
}

/**
 * Parses a page body. Anything but a JSON object with a whole `count`, a
 * string or null `next` and a `results` array is a page failure, never an
 * empty page.
 */
export function parseOrdersPage(
  body: string,
  contentType: string | null,
): OrdersPage {
  if (!/^application\/(.+\+)?json\b/i.test(contentType ?? '')) {
    throw new SourceResponseError(
      `orders page has content type ${JSON.stringify(contentType)}, expected application/json`,
    );
  }
  let value: unknown;
  try {
    value = parseExactJson(body);
  } catch {
    throw new SourceResponseError(
      `orders page is not valid JSON (${body.length} characters)`,
    );
  }
  if (!isPlainObject(value)) {
    throw new SourceResponseError('orders page is not a JSON object');
  }
  const { count, next, results } = value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new SourceResponseError('orders page has no valid count');
  }
  if (next !== null && typeof next !== 'string') {
    throw new SourceResponseError(
      'orders page has a next link that is not a string',
    );
  }
  if (!Array.isArray(results) || results.length > count) {
    throw new SourceResponseError(
      'orders page has no results list, or more results than its count',
    );
  }
  if (results.length === 0 && next !== null) {
    throw new SourceResponseError(
      'orders page is empty but links to a next page',
    );
  }

  return { count, next, results };
}
