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

const orders = () => generateOrders({ count: 30, seed: 5, startId: 500_000 });

describe('status', () => {
  it('reports a sync that never ran', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });

    const result = await runCli(['status', '--json'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.feeds.updated_after).toEqual({
      cursor: null,
      cursor_age_seconds: null,
      resume: null,
    });
    expect(report.last_run).toBeNull();
    expect(report.rejected_records.count).toBe(0);
  });

  it('reports cursors, the last run and counts after a run', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    await world.run();

    const result = await runCli(['status', '--json'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.feeds.updated_after.cursor).toMatch(/^\d{4}-\d\d-\d\d /);
    expect(report.feeds.updated_after.cursor_age_seconds).toBeLessThan(120);
    expect(report.last_run.outcome).toBe('completed');
    expect(report.last_run.orders_written).toBe(30);
    expect(report.orders.table).toBe(world.resources.ordersTableName);
    expect(typeof report.orders.approximate_count).toBe('number');
    expect(report.source_time_zone).toBe('Europe/Moscow');
  });

  it('prints text with ages, the resume point and the approximate count', async () => {
    world = await createWorld(moto, { simulator: { orders: orders() } });
    await world.setCheckpoint({
      feeds: {
        updated_after: {
          cursor: '2024-05-01 12:00:00',
          resume: {
            since: '2024-05-01 11:55:00',
            next: `${world.sim.apiBase}/partners/x/experienceorders/?page=4`,
            count: 1234,
            pass_cursor: '2024-05-02 08:00:00',
            pages: 3,
            drifted: false,
          },
        },
      },
    });

    const result = await runCli(['status'], {
      env: world.resources.env,
      // 2024-05-01 12:00:00 in Moscow is 09:00 UTC, two hours before now.
      now: new Date('2024-05-01T11:00:00Z'),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cursor 2024-05-01 12:00:00, 2 hours ago');
    expect(result.stdout).toContain(
      'resumes at page 4 of the pass since 2024-05-01 11:55:00 (1,234 orders)',
    );
    expect(result.stdout).toContain('schedule_updated_after  no cursor yet');
    expect(result.stdout).toContain('approximate');
    expect(result.stdout).toContain('about every six hours');
    expect(result.stdout).toContain('none has saved the checkpoint yet');
  });

  it('rejects an unknown time zone', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });

    const result = await runCli(['status', '--time-zone', 'Mars/Olympus'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_TIME_ZONE is invalid');
  });

  it('fails with the table name when the table is missing', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });

    const result = await runCli(['status', '--orders-table', 'no-such-table'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DescribeTable failed: no-such-table');
  });
});
