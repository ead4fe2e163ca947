import { describe, expect, it } from 'vitest';
import type { SyncStep } from '../../lambda/sync/steps';
import { generateOrders } from '../simulator';
import type { ReceivedEvent } from '../support/aws';
import {
  apiFields,
  byId,
  createWorld,
  useMotoServer,
  type World,
} from '../support/world';

let world: World;
const aws = useMotoServer(() => world);

class Crash extends Error {}

/** A hook that throws the first time the run reaches `step`. */
function crashAt(step: SyncStep) {
  let crashed = false;
  return (reached: SyncStep) => {
    if (reached === step && !crashed) {
      crashed = true;
      throw new Crash(`crash after ${step}`);
    }
  };
}

/** Changes orders at the source; returns the transitions a sync must publish. */
function changeOrders(world: World): string[] {
  const orders = world.sim.orders();
  const transitions: string[] = [];
  const processing = orders
    .filter((o) => o.status === 'processing')
    .slice(0, 3);
  const paid = orders.filter((o) => o.status === 'paid').slice(0, 2);
  for (const order of processing) {
    world.sim.setStatus(order.id, 'paid');
    transitions.push(`${order.id}:processing>paid`);
  }
  for (const order of paid) {
    world.sim.setStatus(order.id, 'cancelled');
    transitions.push(`${order.id}:paid>cancelled`);
  }
  const created = world.sim.createOrder({ status: 'processing' });
  transitions.push(`${created.id}:null>processing`);

  return transitions;
}

const transitionsOf = (events: ReceivedEvent[]) =>
  events
    .filter((event) => event.body.type === 'order.status_changed')
    .map((event) => {
      const data = event.body.data as {
        previous_status: string | null;
        status: string;
      };
      return `${event.body.subject}:${data.previous_status}>${data.status}`;
    });

const STEPS: SyncStep[] = [
  'page-fetched',
  'events-published',
  'orders-written',
  'resume-saved',
  'checkpoint-saved',
];

describe('crash between steps', () => {
  it.each(STEPS)('loses no order and no event after %s', async (step) => {
    world = await createWorld(aws.moto, {
      simulator: {
        orders: generateOrders({ count: 120, seed: 5, startId: 100_000 }),
        pageSize: 4,
      },
    });
    await world.run();
    const expected = changeOrders(world);
    world.sim.onOrdersRequest(({ page }) => {
      // Spread the changes over several pages and make resume points due.
      if (page === 1) world.sim.createOrder({ status: 'paid' });
    });

    await expect(
      world.run(
        { RESUME_POINT_INTERVAL_SECONDS: '1' },
        { onStep: crashAt(step), now: slowClock() },
      ),
    ).rejects.toThrow(/crash after/);
    const afterCrash = await world.events();
    await world.run();
    const afterRecovery = await world.events();

    const published = transitionsOf([...afterCrash, ...afterRecovery]);
    for (const transition of expected) {
      expect(published).toContain(transition);
    }
    expect(byId(await world.orders()).map(apiFields)).toEqual(
      byId(world.sim.orders()),
    );
  });

  it('republishes an event under the same id', async () => {
    world = await createWorld(aws.moto, {
      simulator: {
        orders: generateOrders({ count: 30, seed: 6, startId: 110_000 }),
      },
    });
    await world.run();
    changeOrders(world);

    await expect(
      world.run({}, { onStep: crashAt('events-published') }),
    ).rejects.toThrow(/crash after/);
    const first = await world.events();
    await world.run();
    const second = await world.events();

    expect(first.length).toBeGreaterThan(0);
    expect(second.map((event) => event.body.id).sort()).toEqual(
      first.map((event) => event.body.id).sort(),
    );
  });
});

/** A clock that moves a second per reading, so resume points fall due. */
function slowClock() {
  let now = Date.now();
  return () => {
    now += 1000;
    return now;
  };
}
