import { describe, expect, it } from 'vitest';
import { generateOrders } from '../simulator';
import {
  apiFields,
  byId,
  createWorld,
  useMotoServer,
  type World,
} from '../support/world';

let world: World;
const aws = useMotoServer(() => world);

const someOrders = (count: number) =>
  generateOrders({ count, seed: 31, startId: 600_000 });

describe('page concurrency', () => {
  it('requests later pages before earlier ones answer', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(300), pageSize: 25 },
    });
    let pageFourRequested: () => void = () => undefined;
    const pageFour = new Promise<void>((resolve) => {
      pageFourRequested = resolve;
    });
    let overlapped = false;
    world.sim.onOrdersRequest(async ({ page }) => {
      if (page === 4) pageFourRequested();
      if (page === 2 && !overlapped) {
        const timeout = new Promise((resolve) =>
          setTimeout(resolve, 3000, 'timeout'),
        );
        overlapped = (await Promise.race([pageFour, timeout])) !== 'timeout';
      }
    });

    const summary = await world.run({ PAGE_CONCURRENCY: '4' });

    expect(overlapped).toBe(true);
    expect(summary.orders_written).toBe(300);
    expect(byId(await world.orders()).map(apiFields)).toEqual(
      byId(world.sim.orders()),
    );
  });

  it('requests each page once', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(200), pageSize: 20 },
    });

    await world.run({ PAGE_CONCURRENCY: '5' });

    const pages = world.sim.requests
      .filter((request) => request.query.updated_after !== undefined)
      .map((request) => request.query.page ?? '1');
    expect(pages).toHaveLength(10);
    expect(new Set(pages).size).toBe(10);
  });

  it('still notices the source shifting', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(200), pageSize: 20 },
    });
    world.sim.onOrdersRequest(({ page }) => {
      if (page === 6) world.sim.createOrder();
    });

    const summary = await world.run({ PAGE_CONCURRENCY: '4' });

    expect(summary.feeds.updated_after.pass).toBe('drifted');
    expect(
      (await world.checkpoint()).feeds.updated_after?.cursor,
    ).toBeUndefined();
  });
});
