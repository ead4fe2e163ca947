import {
  afterAll,
  beforeAll,
  describe,
  expect,
  it,
  onTestFinished,
} from 'vitest';
import { orderAt } from './fixtures';
import type { Ordering } from './listing';
import { DOCUMENTATION_EXAMPLE_ORDERS } from './order';
import { type Simulator, startSimulator } from './simulator';
import { getOrders, getPage, ids, obtainToken, postToken } from './test-client';

describe('token exchange', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(() => simulator.stop());

  it('returns a 40-hex-digit token for the right secret', async () => {
    const response = await postToken(simulator);

    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string };
    expect(body.token).toMatch(/^[0-9a-f]{40}$/);
    expect(simulator.tokensIssued).toBe(1);
  });

  it('rejects a wrong secret with 400', async () => {
    const response = await postToken(simulator, {
      partner: 'somepartner',
      secret: 'wrong',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      non_field_errors: ['Unable to log in with provided credentials.'],
    });
  });

  it('rejects a missing secret naming the field', async () => {
    const response = await postToken(simulator, { partner: 'somepartner' });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      secret: ['This field is required.'],
    });
  });

  it('rejects a GET with 405', async () => {
    const url = `${simulator.apiBase}/auth/obtain_token/partner/`;

    const response = await fetch(url);

    expect(response.status).toBe(405);
  });
});

describe('orders authentication', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator({ orders: DOCUMENTATION_EXAMPLE_ORDERS });
  });
  afterAll(() => simulator.stop());

  it.each(['Bearer', 'Token'])('accepts the %s scheme', async (scheme) => {
    const token = await obtainToken(simulator);

    const response = await getOrders(
      simulator,
      { format: 'json' },
      `${scheme} ${token}`,
    );

    expect(response.status).toBe(200);
    const logged = simulator.requests.at(-1);
    expect(logged?.authScheme).toBe(scheme);
    expect(JSON.stringify(simulator.requests)).not.toContain(token);
  });

  it('returns 401 without credentials', async () => {
    const response = await getOrders(simulator, { format: 'json' });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      detail: 'Authentication credentials were not provided.',
    });
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('returns 401 for an unknown token', async () => {
    const authorization = `Bearer ${'0'.repeat(40)}`;

    const response = await getOrders(
      simulator,
      { format: 'json' },
      authorization,
    );

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Invalid token.' });
  });

  it('returns 401 after revocation until a new exchange', async () => {
    const oldToken = await obtainToken(simulator);

    simulator.revokeTokens();
    const revoked = await getOrders(
      simulator,
      { format: 'json' },
      `Bearer ${oldToken}`,
    );
    const newToken = await obtainToken(simulator);
    const renewed = await getOrders(
      simulator,
      { format: 'json' },
      `Bearer ${newToken}`,
    );

    expect(revoked.status).toBe(401);
    expect(newToken).not.toBe(oldToken);
    expect(renewed.status).toBe(200);
  });

  it('returns 401 for a header without a token', async () => {
    const response = await getOrders(simulator, { format: 'json' }, 'Bearer');

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      detail: 'Invalid token header. No credentials provided.',
    });
  });

  it('returns 404 for an unknown format', async () => {
    const token = await obtainToken(simulator);

    const response = await getOrders(
      simulator,
      { format: 'xml' },
      `Bearer ${token}`,
    );

    expect(response.status).toBe(404);
  });

  it('returns 403 for another partner id', async () => {
    const token = await obtainToken(simulator);

    const response = await getOrders(
      simulator,
      { format: 'json' },
      `Bearer ${token}`,
      'otherpartner',
    );

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      detail: 'You do not have permission to perform this action.',
    });
  });

  it('answers with HTML without format=json', async () => {
    const token = await obtainToken(simulator);

    const response = await getOrders(simulator, {}, `Bearer ${token}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await response.text();
    expect(body).toContain('<!DOCTYPE html>');
    expect(body).toContain('123457');
  });

  it('writes whole prices with a decimal point', async () => {
    const token = await obtainToken(simulator);

    const response = await getOrders(
      simulator,
      { format: 'json' },
      `Bearer ${token}`,
    );

    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text).toContain('"price":15000.0,"profit":1200.0');
    expect(text).toContain('"description":"Музеи Ватикана');
  });
});

const FILTER_ORDERS = [
  orderAt(1, '2021-01-25 23:59:59', '2021-02-01 10:00:00'),
  orderAt(2, '2021-01-26 11:31:25', '2021-01-01 00:00:00'),
  orderAt(3, '2021-01-26 11:31:26', '2021-01-26 11:31:26'),
  orderAt(4, '2021-01-26 11:31:27', '2021-02-01 10:00:00'),
];

describe('filters', () => {
  let exclusive: Simulator;
  let inclusive: Simulator;
  beforeAll(async () => {
    exclusive = await startSimulator({ orders: FILTER_ORDERS, ordering: 'id' });
    inclusive = await startSimulator({
      orders: FILTER_ORDERS,
      ordering: 'id',
      boundInclusive: true,
    });
  });
  afterAll(async () => {
    await exclusive.stop();
    await inclusive.stop();
  });

  it.each([
    ['2021-01-26', [2, 3, 4], [2, 3, 4]],
    ['2021-01-26T11:31:26', [4], [3, 4]],
    ['2021-01-26 11:31:26', [4], [3, 4]],
  ])('updated_after=%s', async (bound, strict, withEqual) => {
    const query = { updated_after: bound };

    expect(ids(await getPage(exclusive, query))).toEqual(strict);
    expect(ids(await getPage(inclusive, query))).toEqual(withEqual);
  });

  it.each([
    ['2021-01-26', [1, 3, 4], [1, 3, 4]],
    ['2021-01-26T11:31:26', [1, 4], [1, 3, 4]],
    ['2021-01-26 11:31:26', [1, 4], [1, 3, 4]],
  ])('schedule_updated_after=%s', async (bound, strict, withEqual) => {
    const query = { schedule_updated_after: bound };

    expect(ids(await getPage(exclusive, query))).toEqual(strict);
    expect(ids(await getPage(inclusive, query))).toEqual(withEqual);
  });

  it('requires both filters when combined', async () => {
    const query = {
      updated_after: '2021-01-26',
      schedule_updated_after: '2021-01-26',
    };

    expect(ids(await getPage(exclusive, query))).toEqual([3, 4]);
  });

  it.each([
    ['updated_after', '26.01.2021'],
    ['updated_after', '2021-01-26T11:31'],
    ['schedule_updated_after', '2021-02-30'],
    ['schedule_updated_after', '2021-01-26 25:00:00'],
  ])('rejects %s=%s with 400', async (name, value) => {
    const token = await obtainToken(exclusive);

    const response = await getOrders(
      exclusive,
      { format: 'json', [name]: value },
      `Bearer ${token}`,
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      [name]: ['Enter a valid date/time.'],
    });
  });
});

describe('pagination', () => {
  const orders = [1, 2, 3, 4, 5, 6, 7].map((id) =>
    orderAt(id, `2021-03-0${id} 12:00:00`),
  );
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator({ orders, pageSize: 3 });
  });
  afterAll(() => simulator.stop());

  it('links pages with every query parameter', async () => {
    const query = { updated_after: '2021-01-01 00:00:00' };
    const base = `${simulator.apiBase}/partners/somepartner/experienceorders/`;
    const filter = 'updated_after=2021-01-01+00%3A00%3A00';

    const first = await getPage(simulator, query);
    const second = await getPage(simulator, { ...query, page: '2' });
    const third = await getPage(simulator, { ...query, page: '3' });

    expect(first.count).toBe(7);
    expect(ids(first)).toEqual([7, 6, 5]);
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${base}?format=json&page=2&${filter}`);
    expect(second.previous).toBe(`${base}?format=json&${filter}`);
    expect(second.next).toBe(`${base}?format=json&page=3&${filter}`);
    expect(ids(third)).toEqual([1]);
    expect(third.next).toBeNull();
  });

  it('follows next links to the end', async () => {
    const token = await obtainToken(simulator);
    const seen: number[] = [];

    let url: string | null =
      `${simulator.apiBase}/partners/somepartner/experienceorders/?format=json`;
    while (url !== null) {
      const response = await fetch(url, {
        headers: { authorization: `Token ${token}` },
      });
      const page = (await response.json()) as {
        next: string | null;
        results: { id: number }[];
      };
      seen.push(...page.results.map((order) => order.id));
      url = page.next;
    }

    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it.each(['4', '0', 'abc'])('returns 404 for page=%s', async (page) => {
    const token = await obtainToken(simulator);

    const response = await getOrders(
      simulator,
      { format: 'json', page },
      `Bearer ${token}`,
    );

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Invalid page.' });
  });

  it('serves an empty first page', async () => {
    const page = await getPage(simulator, { updated_after: '2030-01-01' });

    expect(page).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it('writes links under publicBase', async () => {
    const elsewhere = await startSimulator({
      orders,
      pageSize: 3,
      publicBase: 'https://experience.example/api/',
    });
    onTestFinished(() => elsewhere.stop());

    const page = await getPage(elsewhere, {});

    expect(page.next).toBe(
      'https://experience.example/api/partners/somepartner/experienceorders/?format=json&page=2',
    );
  });
});

describe('ordering', () => {
  const orders = [
    orderAt(1, '2021-03-02 00:00:00'),
    orderAt(2, '2021-03-01 00:00:00'),
    orderAt(3, '2021-03-02 00:00:00'),
    orderAt(4, '2021-02-28 00:00:00'),
  ];

  it.each<[Ordering, number[]]>([
    ['-id', [4, 3, 2, 1]],
    ['id', [1, 2, 3, 4]],
    ['updated_at', [4, 2, 1, 3]],
    ['-updated_at', [3, 1, 2, 4]],
  ])('sorts by %s', async (ordering, expected) => {
    const simulator = await startSimulator({ orders, ordering });
    onTestFinished(() => simulator.stop());

    const page = await getPage(simulator);

    expect(ids(page)).toEqual(expected);
  });

  it('defaults to descending id', async () => {
    const simulator = await startSimulator({ orders });
    onTestFinished(() => simulator.stop());

    const page = await getPage(simulator);

    expect(ids(page)).toEqual([4, 3, 2, 1]);
  });
});
