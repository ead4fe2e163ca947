import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from './faults';
import { DOCUMENTATION_EXAMPLE_ORDERS } from './order';
import { type Simulator, startSimulator } from './simulator';
import { getOrders, obtainToken, postToken } from './test-client';

describe('faults', () => {
  let simulator: Simulator;
  let authorization: string;
  const getJsonPage = (page = '1') =>
    getOrders(simulator, { format: 'json', page }, authorization);

  beforeAll(async () => {
    simulator = await startSimulator({
      orders: DOCUMENTATION_EXAMPLE_ORDERS,
      pageSize: 1,
    });
    authorization = `Bearer ${await obtainToken(simulator)}`;
  });
  beforeEach(() => simulator.clearFaults());
  afterAll(() => simulator.stop());

  it('rateLimited answers 429 with Retry-After once', async () => {
    simulator.injectFault(faults.rateLimited('7'));

    const limited = await getJsonPage();
    const next = await getJsonPage();

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({
      detail: 'Request was throttled. Expected available in 7 seconds.',
    });
    expect(next.status).toBe(200);
  });

  it.each([
    [undefined, 500],
    [503, 503],
  ])('serverError(%s) answers %s with HTML', async (status, expected) => {
    simulator.injectFault(faults.serverError(status));

    const response = await getJsonPage();

    expect(response.status).toBe(expected);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('brokenJson answers JSON that does not parse', async () => {
    simulator.injectFault(faults.brokenJson());

    const response = await getJsonPage();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('html answers 200 with an HTML page', async () => {
    simulator.injectFault(faults.html());

    const response = await getJsonPage();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<html>');
  });

  it('slow delays a normal answer', async () => {
    simulator.injectFault(faults.slow(200));
    const started = performance.now();

    const response = await getJsonPage();

    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { count: number }).count).toBe(2);
  });

  it('hang never answers until the client gives up', async () => {
    simulator.injectFault(faults.hang());

    const request = fetch(
      `${simulator.apiBase}/partners/somepartner/experienceorders/?format=json`,
      { headers: { authorization }, signal: AbortSignal.timeout(200) },
    );

    await expect(request).rejects.toThrow(/aborted/);
    expect(simulator.requests.at(-1)?.status).toBeNull();
  });

  it('reset destroys the connection', async () => {
    simulator.injectFault(faults.reset());

    await expect(getJsonPage()).rejects.toThrow(TypeError);
    expect(simulator.requests.at(-1)?.status).toBeNull();
  });

  it('page answers any object as JSON', async () => {
    const hostile = { count: '2', next: 42, results: [{ id: 'x' }] };
    simulator.injectFault(faults.page(hostile));

    const response = await getJsonPage();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(hostile);
  });

  it('sends a raw response as given', async () => {
    simulator.injectFault({
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('Bad gateway'),
    });

    const response = await getJsonPage();

    expect(response.status).toBe(502);
    expect(await response.text()).toBe('Bad gateway');
  });

  it('applies to the given page only', async () => {
    simulator.injectFault({ ...faults.serverError(), page: 2 });

    const first = await getJsonPage('1');
    const second = await getJsonPage('2');

    expect(first.status).toBe(200);
    expect(second.status).toBe(500);
  });

  it('applies the given number of times', async () => {
    simulator.injectFault({ ...faults.serverError(503), times: 2 });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await getJsonPage()).status);
    }

    expect(statuses).toEqual([503, 503, 200]);
  });

  it('targets the token exchange when asked', async () => {
    simulator.injectFault({ ...faults.serverError(), target: 'token' });

    const page = await getJsonPage();
    const exchange = await postToken(simulator);

    expect(page.status).toBe(200);
    expect(exchange.status).toBe(500);
  });

  it('targets any request when asked', async () => {
    simulator.injectFault({ ...faults.serverError(), target: 'any' });

    const exchange = await postToken(simulator);

    expect(exchange.status).toBe(500);
  });

  it('rejects a fault without exactly one action', () => {
    const inject = () =>
      simulator.injectFault({ status: 500, reset: true } as never);

    expect(inject).toThrow(/exactly one action/);
  });
});

describe('stop', () => {
  it('ends a hanging request and resolves', async () => {
    const simulator = await startSimulator();
    simulator.injectFault({ ...faults.hang(), target: 'token' });
    const request = postToken(simulator);
    await waitFor(() => simulator.requests.length === 1);

    await simulator.stop();

    await expect(request).rejects.toThrow(TypeError);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
