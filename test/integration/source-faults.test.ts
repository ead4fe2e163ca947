import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, generateOrders } from '../simulator';
import {
  createWorld,
  PARTNER_ID,
  useMotoServer,
  type World,
} from '../support/world';

let world: World;
const aws = useMotoServer(() => world);

const someOrders = (count: number) =>
  generateOrders({ count, seed: 3, startId: 900_000 });

const orderRequests = (world: World) =>
  world.sim.requests.filter((request) =>
    request.path.includes('experienceorders'),
  );

describe('retries', () => {
  it('waits as long as Retry-After in seconds asks', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault(faults.rateLimited('7'));

    const summary = await world.run();

    expect(summary.outcome).toBe('completed');
    expect(world.sleeps).toContain(7000);
  });

  it('waits until a Retry-After date', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    const at = new Date(Date.now() + 20_000).toUTCString();
    world.sim.injectFault(faults.rateLimited(at));

    await world.run();

    const wait = world.sleeps[0] ?? 0;
    expect(wait).toBeGreaterThan(15_000);
    expect(wait).toBeLessThanOrEqual(20_000);
  });

  it('caps a huge Retry-After', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault(faults.rateLimited('86400'));

    await world.run();

    expect(world.sleeps).toEqual([60_000]);
  });

  it.each([
    ['HTTP 500', faults.serverError(500)],
    ['HTTP 502', faults.serverError(502)],
    ['broken JSON', faults.brokenJson()],
    ['an HTML page', faults.html()],
    ['a reset connection', faults.reset()],
  ])('retries %s and succeeds', async (_name, fault) => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(60) },
    });
    world.sim.injectFault({ ...fault, page: 2, times: 2 });

    const summary = await world.run();

    expect(summary.outcome).toBe('completed');
    expect(summary.orders_written).toBe(60);
    expect(world.sleeps).toHaveLength(2);
  });

  it('gives up after the attempt limit', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault({ ...faults.serverError(500), times: 50 });

    await expect(world.run({ MAX_ATTEMPTS: '3' })).rejects.toThrow(
      /failed after 3 attempts: HTTP 500/,
    );
    expect(orderRequests(world)).toHaveLength(3);
  });

  it('times out a request that hangs', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault(faults.hang());

    const summary = await world.run({ REQUEST_TIMEOUT_SECONDS: '1' });

    expect(summary.outcome).toBe('completed');
    expect(world.sleeps).toHaveLength(1);
  });

  it('fails a page of the wrong shape without storing anything', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault({ ...faults.page({ results: 'none' }), times: 10 });

    await expect(world.run()).rejects.toThrow(/no valid count/);
    expect(await world.orders()).toEqual([]);
  });
});

describe('credentials', () => {
  it('refreshes an expired token once', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(80) },
    });
    world.sim.onOrdersRequest(({ page }) => {
      if (page === 2) world.sim.revokeTokens();
    });

    const summary = await world.run();

    expect(summary.orders_written).toBe(80);
    expect(world.sim.tokensIssued).toBe(2);
  });

  it('stops when the new token is rejected too', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault({ status: 401, body: '{"detail":"no"}', times: 10 });

    await expect(world.run()).rejects.toThrow(
      /rejected the credentials \(HTTP 401/,
    );
    expect(world.sim.tokensIssued).toBe(2);
  });

  it('stops on 403 without another token', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    world.sim.injectFault({ status: 403, body: '{"detail":"forbidden"}' });

    await expect(world.run()).rejects.toThrow(
      `Tripster rejected the credentials (HTTP 403 on the orders list of partner "${PARTNER_ID}"). Check that TRIPSTER_PARTNER_ID names the partner of the credentials parameter, and its secret.`,
    );
    expect(world.sim.tokensIssued).toBe(1);
  });

  it('stops when the secret is wrong', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
      credentials: { partner: PARTNER_ID, secret: 'wrong' },
    });

    await expect(world.run()).rejects.toThrow(
      /rejected the partner id and secret/,
    );
    expect(orderRequests(world)).toHaveLength(0);
  });

  it('names the API base when the token exchange is not found', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });

    await expect(
      world.run({ TRIPSTER_API_BASE: world.sim.origin }),
    ).rejects.toThrow(
      'token exchange /auth/obtain_token/partner/ returned HTTP 404. Check that TRIPSTER_API_BASE is the API root, such as https://experience.tripster.ru/api.',
    );
    expect(orderRequests(world)).toHaveLength(0);
  });

  it('uses a stored token with the Token scheme', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    const token = (await (
      await fetch(`${world.sim.apiBase}/auth/obtain_token/partner/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          partner: PARTNER_ID,
          secret: 'test-secret-4f9a2c',
        }),
      })
    ).json()) as { token: string };
    await world.stop();
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
      credentials: token,
    });
    world.sim.revokeTokens();

    await expect(world.run({ TRIPSTER_AUTH_SCHEME: 'Token' })).rejects.toThrow(
      /rejected the token/,
    );
    expect(orderRequests(world)[0]?.authScheme).toBe('Token');
  });

  it('reuses the token across warm invocations', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    const app = world.createApp();

    await app.run(60_000 * 15);
    await app.run(60_000 * 15);

    expect(world.sim.tokensIssued).toBe(1);
  });
});

describe('pagination links', () => {
  let spy: Server;
  let spyRequests: number;

  beforeAll(async () => {
    spyRequests = 0;
    spy = createServer((_request, response) => {
      spyRequests++;
      response.end('{}');
    });
    await new Promise<void>((resolve) => spy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => spy.close(resolve));
  });

  it('never follows a next link to another origin', async () => {
    const spyOrigin = `http://127.0.0.1:${(spy.address() as AddressInfo).port}`;
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(120), publicBase: `${spyOrigin}/api` },
    });

    await expect(world.run()).rejects.toThrow(/leaves the API origin/);

    expect(spyRequests).toBe(0);
    expect((await world.checkpoint()).feeds.updated_after).toBeUndefined();
  });

  it('fails a next link that loops', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    const ordersUrl = `${world.sim.apiBase}/partners/${PARTNER_ID}/experienceorders/`;
    const pageLinkingTo = (page: number, results: unknown[]) => ({
      count: 100,
      next: `${ordersUrl}?format=json&updated_after=2010-01-01T00%3A00%3A00&page=${page}`,
      previous: null,
      results,
    });
    const [first, second] = world.sim.orders();
    world.sim.injectFault({
      ...faults.page(pageLinkingTo(2, [first])),
      page: 1,
    });
    world.sim.injectFault({
      ...faults.page(pageLinkingTo(2, [second])),
      page: 2,
    });

    await expect(world.run()).rejects.toThrow(/loops back/);
  });
});
