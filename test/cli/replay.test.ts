import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateOrders } from '../simulator';
import { type Moto, startMoto } from '../support/moto';
import { createWorld, useMoto, type World } from '../support/world';
import { runCli } from './harness';

let moto: Moto;
let world: World;

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
});
afterAll(async () => {
  await moto?.stop();
});
afterEach(async () => {
  await world?.stop();
});

const orders = () => generateOrders({ count: 12, seed: 8, startId: 900_000 });

/** Syncs, changes the status of `ids`, syncs again and returns the events. */
async function syncStatusChanges(ids: number[], status: string) {
  await world.run();
  for (const id of ids) {
    world.sim.setStatus(id, status);
  }
  await world.run();

  return world.events();
}

const hourMs = 3600_000;
const isoAround = (offsetMs: number) =>
  new Date(Date.now() + offsetMs).toISOString();

describe('replay --order', () => {
  it('publishes the status event again with the same id', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    const id = world.sim.orders()[0]?.id ?? 0;
    const [original] = await syncStatusChanges([id], 'refunded');

    const result = await runCli(['replay', '--order', String(id)], {
      env: world.resources.env,
    });
    const [replayed] = await world.events();

    expect(result.code).toBe(0);
    expect(original?.body.type).toBe('order.status_changed');
    expect(replayed?.body.id).toBe(original?.body.id);
    expect(replayed?.body.time).toBe(original?.body.time);
    expect(replayed?.body.source).toBe(original?.body.source);
    expect(replayed?.body.data).toEqual(original?.body.data);
    expect(replayed?.attributes).toEqual(original?.attributes);
    expect(result.stdout).toContain(`event id ${original?.body.id}`);
  });

  it('keeps the id of a first sighting, with no previous status', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    const id = world.sim.orders()[1]?.id ?? 0;
    await world.run({ PUBLISH_BACKFILL_EVENTS: 'true' });
    const original = (await world.events()).find(
      (event) => event.body.subject === String(id),
    );

    await runCli(['replay', '--order', String(id)], {
      env: world.resources.env,
    });
    const [replayed] = await world.events();

    expect(original?.body.data).toMatchObject({ previous_status: null });
    expect(replayed?.body.id).toBe(original?.body.id);
  });

  it('keeps the id when the order changed since its status did', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    const id = world.sim.orders()[2]?.id ?? 0;
    const [original] = await syncStatusChanges([id], 'refunded');
    world.sim.updateOrder(id, { description: 'New title' });
    await world.run();

    await runCli(['replay', '--order', String(id)], {
      env: world.resources.env,
    });
    const [replayed] = await world.events();

    expect(replayed?.body.id).toBe(original?.body.id);
    expect(replayed?.body.data).toMatchObject({
      order: { description: 'New title' },
    });
  });

  it('lists without publishing on a dry run', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    const id = world.sim.orders()[0]?.id ?? 0;
    await syncStatusChanges([id], 'refunded');

    const result = await runCli(
      ['replay', '--order', String(id), '--dry-run'],
      { env: world.resources.env },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Would publish order ${id}: `);
    expect(await world.events()).toEqual([]);
  });

  it('fails for an order that is not in the table', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });

    const result = await runCli(['replay', '--order', '424242'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Order 424242 is not in table');
  });
});

describe('replay --since --until', () => {
  it('publishes the events of the changes observed in the range', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    const ids = world.sim.orders().map((order) => order.id);
    const originals = await syncStatusChanges(ids.slice(0, 3), 'refunded');

    const result = await runCli(
      [
        'replay',
        '--since',
        isoAround(-hourMs),
        '--until',
        isoAround(hourMs),
        '--status',
        'refunded',
      ],
      { env: world.resources.env },
    );
    const replayed = await world.events();

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Published 3 events.');
    expect(result.stderr).toBe('');
    expect(replayed.map((event) => event.body.id).sort()).toEqual(
      originals.map((event) => event.body.id).sort(),
    );
  });

  it('lists the matches on a dry run and publishes nothing', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    const ids = world.sim.orders().map((order) => order.id);
    await syncStatusChanges(ids.slice(0, 2), 'refunded');

    const result = await runCli(
      [
        'replay',
        '--since',
        isoAround(-hourMs),
        '--until',
        isoAround(hourMs),
        '--status',
        'refunded',
        '--dry-run',
      ],
      { env: world.resources.env },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`order ${ids[0]}: `);
    expect(result.stdout).toContain('-> refunded');
    expect(result.stdout).toContain('Would publish 2 events.');
    expect(await world.events()).toEqual([]);
  });

  it('takes no order whose change is outside the range', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    await world.run();

    const result = await runCli(
      ['replay', '--since', '2020-01-01', '--until', '2020-01-02'],
      { env: world.resources.env },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Published 0 events.');
    expect(await world.events()).toEqual([]);
  });
});

describe('replay usage', () => {
  it.each([
    [['replay'], 'replay needs --order ID, or --since and --until'],
    [['replay', '--order', 'abc'], '--order is invalid: "abc"'],
    [['replay', '--order', '0'], '--order is invalid: "0"'],
    [
      ['replay', '--order', '5', '--since', '2024-05-01'],
      '--order takes no --since',
    ],
    [['replay', '--since', '2024-05-01'], 'or --since and --until'],
    [
      ['replay', '--since', '2024-05-01T10:00:00', '--until', '2024-05-02'],
      '--since is invalid: "2024-05-01T10:00:00"',
    ],
    [
      ['replay', '--since', '2024-02-30', '--until', '2024-03-02'],
      '--since is invalid: "2024-02-30"',
    ],
    [
      ['replay', '--since', '2024-05-02', '--until', '2024-05-01'],
      'is not before --until',
    ],
  ])('rejects %j', async (argv, message) => {
    const result = await runCli(argv, { env: {} });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
