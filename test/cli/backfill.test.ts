import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateOrders } from '../simulator';
import { type Moto, startMoto } from '../support/moto';
import { createWorld, useMoto, type World } from '../support/world';
import { runCli } from './harness';
import { awsOnlyEnv, createSyncStack } from './stack';

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

const LAST_RUN = { outcome: 'completed', orders_written: 7 };

/** Creates a world whose checkpoint has cursors, a resume point and a last run. */
async function syncedWorld(): Promise<World> {
  const created = await createWorld(moto, { simulator: { orders: [] } });
  await created.setCheckpoint({
    feeds: {
      updated_after: {
        cursor: '2024-05-01 12:00:00',
        resume: {
          since: '2024-05-01 11:55:00',
          next: `${created.sim.apiBase}/partners/x/experienceorders/?page=4`,
          count: 120,
          pass_cursor: '2024-05-02 08:00:00',
          pages: 3,
          drifted: false,
        },
      },
      schedule_updated_after: { cursor: '2024-05-01 12:00:00' },
    },
    last_run: LAST_RUN,
  });

  return created;
}

describe('backfill', () => {
  it('moves the cursors back and drops the resume point', async () => {
    world = await syncedWorld();

    const result = await runCli(
      ['backfill', '--since', '2024-03-01', '--yes'],
      {
        env: world.resources.env,
      },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'updated_after: cursor 2024-05-01 12:00:00 -> 2024-03-01 00:00:00, dropping the resume point at page 4',
    );
    const checkpoint = await world.checkpoint();
    expect(checkpoint.feeds).toEqual({
      updated_after: { cursor: '2024-03-01 00:00:00' },
      schedule_updated_after: { cursor: '2024-03-01 00:00:00' },
    });
    expect(checkpoint.last_run).toEqual(LAST_RUN);
  });

  it('moves only the feed it is given', async () => {
    world = await syncedWorld();

    const result = await runCli(
      [
        'backfill',
        '--since',
        '2024-03-01',
        '--feed',
        'schedule_updated_after',
        '--yes',
      ],
      { env: world.resources.env },
    );

    expect(result.code).toBe(0);
    const feeds = (await world.checkpoint()).feeds;
    expect(feeds.updated_after?.cursor).toBe('2024-05-01 12:00:00');
    expect(feeds.updated_after?.resume?.pages).toBe(3);
    expect(feeds.schedule_updated_after?.cursor).toBe('2024-03-01 00:00:00');
  });

  it('rejects a change without --yes when input is not a terminal', async () => {
    world = await syncedWorld();

    const result = await runCli(['backfill', '--since', '2024-03-01'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Pass --yes');
    expect((await world.checkpoint()).feeds.updated_after?.cursor).toBe(
      '2024-05-01 12:00:00',
    );
  });

  it('asks on a terminal and keeps the checkpoint on no', async () => {
    world = await syncedWorld();

    const result = await runCli(['backfill', '--since', '2024-03-01'], {
      env: world.resources.env,
      typed: ['n'],
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Save this checkpoint? [y/N]');
    expect(result.stderr).toContain('Cancelled');
    expect((await world.checkpoint()).feeds.updated_after?.cursor).toBe(
      '2024-05-01 12:00:00',
    );
  });

  it('saves on a terminal when the answer is yes', async () => {
    world = await syncedWorld();

    const result = await runCli(['backfill', '--since', '2024-03-01'], {
      env: world.resources.env,
      typed: ['y'],
    });

    expect(result.code).toBe(0);
    expect((await world.checkpoint()).feeds.updated_after?.cursor).toBe(
      '2024-03-01 00:00:00',
    );
  });

  it('never moves a cursor forward', async () => {
    world = await syncedWorld();

    const result = await runCli(
      ['backfill', '--since', '2024-06-01', '--yes'],
      {
        env: world.resources.env,
      },
    );

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('a backfill only moves a cursor back');
    expect(result.stderr).toContain('Nothing to change');
    expect((await world.checkpoint()).feeds.updated_after?.cursor).toBe(
      '2024-05-01 12:00:00',
    );
  });

  it('leaves a feed that has no cursor yet', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await world.setCheckpoint({
      feeds: { updated_after: { cursor: '2024-05-01 12:00:00' } },
    });

    const result = await runCli(
      ['backfill', '--since', '2024-03-01', '--yes'],
      {
        env: world.resources.env,
      },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'schedule_updated_after: stays, because it has not finished its first pass',
    );
    expect((await world.checkpoint()).feeds.schedule_updated_after).toBe(
      undefined,
    );
  });

  it('reads again without writes or events for unchanged orders', async () => {
    const orders = generateOrders({ count: 40, seed: 3, startId: 700_000 });
    world = await createWorld(moto, { simulator: { orders } });
    await world.run();
    await world.events();

    const result = await runCli(
      ['backfill', '--since', '2010-01-01', '--yes'],
      {
        env: world.resources.env,
      },
    );
    const summary = await world.run();

    expect(result.code).toBe(0);
    expect(summary.orders_fetched).toBeGreaterThanOrEqual(40);
    expect(summary.orders_written).toBe(0);
    expect(summary.events_published).toBe(0);
    expect(await world.events()).toEqual([]);
  });

  it('starts the deployed function with --now', async () => {
    world = await syncedWorld();
    await createSyncStack(moto.endpoint, 'BackfillNow', world.resources);
    // Without Docker, moto returns a canned response and runs no code.
    await fetch(`${moto.endpoint}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ lambda: { use_docker: false } }),
    });

    const result = await runCli(
      [
        'backfill',
        '--since',
        '2024-03-01',
        '--yes',
        '--now',
        '--stack',
        'BackfillNow',
      ],
      { env: awsOnlyEnv(moto.endpoint) },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Started a run of BackfillNow-Function-\w+ \(asynchronous invocation, HTTP 202\)/,
    );
    expect((await world.checkpoint()).feeds.updated_after?.cursor).toBe(
      '2024-03-01 00:00:00',
    );
  });
});

describe('backfill usage', () => {
  it.each([
    [['backfill'], 'backfill needs --since'],
    [['backfill', '--since', '2024-13-01'], '--since is invalid: "2024-13-01"'],
    [['backfill', '--since', '2024/03/01'], '--since is invalid: "2024/03/01"'],
    [
      ['backfill', '--since', '2024-03-01', '--feed', 'orders'],
      '--feed is invalid: "orders"',
    ],
  ])('rejects %j', async (argv, message) => {
    const result = await runCli(argv, { env: {} });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('names the function setting that --now needs', async () => {
    world = await syncedWorld();

    const result = await runCli(
      [
        'backfill',
        '--since',
        '2024-03-01',
        '--yes',
        '--now',
        '--stack',
        'Absent',
      ],
      { env: world.resources.env },
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--function-name');
    expect(result.stderr).toContain('stack Absent was not found');
  });
});
