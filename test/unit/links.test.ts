import { describe, expect, it } from 'vitest';
import { UnsafeLinkError } from '../../lambda/errors';
import { checkNextLink } from '../../lambda/tripster/links';

const ORDERS_URL = new URL(
  'https://experience.tripster.ru/api/partners/p1/experienceorders/',
);
const FILTER = { name: 'updated_after', value: '2024-01-01T00:00:00' };
const PATH = '/api/partners/p1/experienceorders/';
const QUERY = 'page=2&updated_after=2024-01-01T00:00:00';

function linkError(link: string): Error {
  try {
    checkNextLink(link, ORDERS_URL, FILTER);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`checkNextLink accepted ${link}`);
}

describe('checkNextLink', () => {
  it('accepts a link on the same origin and path', () => {
    const link = `https://experience.tripster.ru${PATH}?${QUERY}`;

    const url = checkNextLink(link, ORDERS_URL, FILTER);

    expect(url.origin).toBe('https://experience.tripster.ru');
    expect(url.pathname).toBe(PATH);
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('updated_after')).toBe('2024-01-01T00:00:00');
  });

  it('adds format=json', () => {
    const link = `https://experience.tripster.ru${PATH}?${QUERY}`;

    const url = checkNextLink(link, ORDERS_URL, FILTER);

    expect(url.searchParams.getAll('format')).toEqual(['json']);
  });

  it('replaces another format with json', () => {
    const link = `https://experience.tripster.ru${PATH}?${QUERY}&format=api`;

    const url = checkNextLink(link, ORDERS_URL, FILTER);

    expect(url.searchParams.getAll('format')).toEqual(['json']);
  });

  it.each([
    ['no port', `http://experience.tripster.ru${PATH}?${QUERY}`],
    ['port 80', `http://experience.tripster.ru:80${PATH}?${QUERY}`],
  ])('upgrades http on the API host with %s to https', (_case, link) => {
    const url = checkNextLink(link, ORDERS_URL, FILTER);

    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('experience.tripster.ru');
  });

  it.each([
    ['a query', `?${QUERY}`],
    ['an absolute path', `${PATH}?${QUERY}`],
    ['a relative path', `./?${QUERY}`],
  ])('resolves a link of only %s against the orders URL', (_case, link) => {
    const url = checkNextLink(link, ORDERS_URL, FILTER);

    expect(url.href).toBe(
      `https://experience.tripster.ru${PATH}?page=2&updated_after=2024-01-01T00%3A00%3A00&format=json`,
    );
  });

  it('accepts the host in capitals with the default port', () => {
    const link = `https://EXPERIENCE.Tripster.ru:443${PATH}?${QUERY}`;

    const url = checkNextLink(link, ORDERS_URL, FILTER);

    expect(url.origin).toBe(ORDERS_URL.origin);
  });

  it('keeps http for an http API such as a local simulator', () => {
    const ordersUrl = new URL(`http://127.0.0.1:8080${PATH}`);

    const url = checkNextLink(`?${QUERY}`, ordersUrl, FILTER);

    expect(url.origin).toBe('http://127.0.0.1:8080');
  });

  it.each([
    ['another host', `https://evil.example${PATH}?${QUERY}`],
    ['a subdomain', `https://api.experience.tripster.ru${PATH}?${QUERY}`],
    ['a protocol-relative host', `//evil.example${PATH}?${QUERY}`],
    ['another port', `https://experience.tripster.ru:8443${PATH}?${QUERY}`],
    [
      'http on another port',
      `http://experience.tripster.ru:8080${PATH}?${QUERY}`,
    ],
    ['ftp', `ftp://experience.tripster.ru${PATH}?${QUERY}`],
    ['javascript:', 'javascript:alert(1)'],
    ['a data URL', 'data:text/plain,orders'],
    ['a user', `https://user@experience.tripster.ru${PATH}?${QUERY}`],
    [
      'a user and password',
      `https://user:pass@experience.tripster.ru${PATH}?${QUERY}`,
    ],
    ['only a password', `https://:pass@experience.tripster.ru${PATH}?${QUERY}`],
  ])('rejects a link to %s as leaving the origin', (_case, link) => {
    const error = linkError(link);

    expect(error).toBeInstanceOf(UnsafeLinkError);
    expect(error.message).toBe(
      `next link leaves the API origin https://experience.tripster.ru: ${JSON.stringify(link)}. The token is not sent there.`,
    );
  });

  it('rejects https when the API origin is http', () => {
    const ordersUrl = new URL(`http://127.0.0.1:8080${PATH}`);

    expect(() =>
      checkNextLink(
        `https://127.0.0.1:8080${PATH}?${QUERY}`,
        ordersUrl,
        FILTER,
      ),
    ).toThrow(UnsafeLinkError);
  });

  it.each([
    ['another partner', '/api/partners/p2/experienceorders/'],
    ['a parent path', '/api/partners/p1/'],
    ['a path without the slash', '/api/partners/p1/experienceorders'],
    [
      'a dot segment',
      '/api/partners/p1/experienceorders/../../p2/experienceorders/',
    ],
    ['a token endpoint', '/api/auth/obtain_token/partner/'],
  ])('rejects a link to %s as leaving the endpoint', (_case, path) => {
    const link = `https://experience.tripster.ru${path}?${QUERY}`;

    const error = linkError(link);

    expect(error).toBeInstanceOf(UnsafeLinkError);
    expect(error.message).toBe(
      `next link leaves the orders endpoint: ${JSON.stringify(link)}`,
    );
  });

  it.each([
    ['a changed value', 'page=2&updated_after=2099-01-01T00:00:00'],
    ['a date-only value', 'page=2&updated_after=2024-01-01'],
    ['a space for the T', 'page=2&updated_after=2024-01-01+00:00:00'],
    ['no filter', 'page=2'],
    [
      'only the other filter',
      'page=2&schedule_updated_after=2024-01-01T00:00:00',
    ],
    ['an empty value', 'page=2&updated_after='],
  ])('rejects a link with %s of the filter', (_case, query) => {
    const link = `https://experience.tripster.ru${PATH}?${query}`;

    const error = linkError(link);

    expect(error).toBeInstanceOf(UnsafeLinkError);
    expect(error.message).toBe(
      `next link changes the updated_after filter: ${JSON.stringify(link)}`,
    );
  });

  it('rejects a link that is not a URL', () => {
    const error = linkError('http://[::1');

    expect(error).toBeInstanceOf(UnsafeLinkError);
    expect(error.message).toBe('next link is not a URL: "http://[::1"');
  });

  it('shortens a huge link in the message', () => {
    const link = `https://evil.example/${'a'.repeat(5000)}`;

    const error = linkError(link);

    expect(error.message).toContain(`${link.slice(0, 200)}..."`);
    expect(error.message.length).toBeLessThan(400);
  });

  it('writes only the link and the origin into the message', () => {
    const link = `https://evil.example${PATH}?${QUERY}`;

    const error = linkError(link);

    expect(error.message).not.toMatch(/Bearer|Authorization/i);
    expect(error.message.replace(JSON.stringify(link), '<link>')).toBe(
      'next link leaves the API origin https://experience.tripster.ru: <link>. The token is not sent there.',
    );
  });

  it('checks the schedule filter of its own pass', () => {
    const filter = { name: 'schedule_updated_after', value: '2024-01-01' };
    const link = `${PATH}?page=2&schedule_updated_after=2024-01-01`;

    const url = checkNextLink(link, ORDERS_URL, filter);

    expect(url.searchParams.get('schedule_updated_after')).toBe('2024-01-01');
  });
});
