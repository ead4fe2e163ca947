import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SourceResponseError } from '../../lambda/errors';
import { parseOrdersPage } from '../../lambda/tripster/page';

const JSON_TYPE = 'application/json';
const NEXT =
  'https://experience.tripster.ru/api/partners/p1/experienceorders/?page=2&updated_after=2024-01-01';

function pageError(body: string, contentType: string | null = JSON_TYPE) {
  try {
    parseOrdersPage(body, contentType);
  } catch (error) {
    return error as Error;
  }
  throw new Error('parseOrdersPage accepted the page');
}

describe('parseOrdersPage', () => {
  it('reads count, next and results of a valid page', () => {
    const body = JSON.stringify({
      count: 3,
      next: NEXT,
      previous: null,
      results: [{ id: 1 }, { id: 2 }],
    });

    const page = parseOrdersPage(body, JSON_TYPE);

    expect(page).toEqual({
      count: 3,
      next: NEXT,
      results: [{ id: 1 }, { id: 2 }],
    });
  });

  it('keeps the exact digits of numbers in results', () => {
    const body = '{"count":1,"next":null,"results":[{"id":1,"price":15000.0}]}';

    const page = parseOrdersPage(body, JSON_TYPE);

    expect(page.results).toEqual([
      { id: 1, price: NumberValue.from('15000.0') },
    ]);
  });

  it('accepts a page with zero results and no next', () => {
    const body = '{"count":0,"next":null,"previous":null,"results":[]}';

    const page = parseOrdersPage(body, JSON_TYPE);

    expect(page).toEqual({ count: 0, next: null, results: [] });
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/vnd.tripster+json',
  ])('accepts the content type %s', (contentType) => {
    const body = '{"count":0,"next":null,"results":[]}';

    expect(parseOrdersPage(body, contentType).count).toBe(0);
  });

  it.each([
    ['text/html; charset=utf-8', 'content type "text/html; charset=utf-8"'],
    ['text/plain', 'content type "text/plain"'],
    ['application/jsonp', 'content type "application/jsonp"'],
    ['', 'content type ""'],
    [null, 'content type null'],
  ])('rejects the content type %j', (contentType, fragment) => {
    const body = '{"count":0,"next":null,"results":[]}';

    const error = pageError(body, contentType);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toContain(fragment);
    expect(error.message).toContain('expected application/json');
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>Orders</body></html>'],
    ['a truncated page', '{"count":2,"next":null,"results":[{"id":1},{"id'],
    ['empty text', ''],
    ['a trailing comma', '{"count":0,"next":null,"results":[],}'],
  ])('rejects %s as invalid JSON', (_case, body) => {
    const error = pageError(body);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toBe(
      `orders page is not valid JSON (${body.length} characters)`,
    );
  });

  it('keeps the body out of the message', () => {
    const body = '{"token":"0123456789abcdef0123456789abcdef01234567",';

    const error = pageError(body);

    expect(error.message).not.toContain('0123456789abcdef');
  });

  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"orders"'],
  ])('rejects %s as not an object', (_case, body) => {
    const error = pageError(body);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toBe('orders page is not a JSON object');
  });

  it.each([
    ['missing', '{"next":null,"results":[]}'],
    ['negative', '{"count":-1,"next":null,"results":[]}'],
    ['a float', '{"count":1.5,"next":null,"results":[]}'],
    ['a whole number with a point', '{"count":1.0,"next":null,"results":[]}'],
    ['a string', '{"count":"1","next":null,"results":[]}'],
    ['null', '{"count":null,"next":null,"results":[]}'],
    [
      'past the safe range',
      '{"count":9007199254740993,"next":null,"results":[]}',
    ],
  ])('rejects a count that is %s', (_case, body) => {
    const error = pageError(body);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toBe('orders page has no valid count');
  });

  it.each([
    ['a number', '{"count":1,"next":2,"results":[{}]}'],
    ['a boolean', '{"count":1,"next":false,"results":[{}]}'],
    ['an object', '{"count":1,"next":{"page":2},"results":[{}]}'],
    ['missing', '{"count":1,"results":[{}]}'],
  ])('rejects a next link that is %s', (_case, body) => {
    const error = pageError(body);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toBe(
      'orders page has a next link that is not a string',
    );
  });

  it.each([
    ['missing', '{"count":1,"next":null}'],
    ['an object', '{"count":1,"next":null,"results":{"0":{}}}'],
    ['null', '{"count":1,"next":null,"results":null}'],
    ['longer than count', '{"count":1,"next":null,"results":[{},{}]}'],
  ])('rejects results that are %s', (_case, body) => {
    const error = pageError(body);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toBe(
      'orders page has no results list, or more results than its count',
    );
  });

  it('rejects empty results with a next link', () => {
    const body = JSON.stringify({ count: 10, next: NEXT, results: [] });

    const error = pageError(body);

    expect(error).toBeInstanceOf(SourceResponseError);
    expect(error.message).toBe('orders page is empty but links to a next page');
  });
});
