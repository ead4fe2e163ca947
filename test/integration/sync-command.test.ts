import { type ChildProcess, spawn } from 'node:child_process';
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

interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `npm run sync`'s script with the world's environment. */
function startSync(
  world: World,
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  done: Promise<CommandResult>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/sync.ts'],
    {
      env: { ...process.env, ...world.resources.env, ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<CommandResult>((resolve) => {
    child.on('exit', (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });

  return { child, done };
}

describe('npm run sync', () => {
  it('prints one JSON summary line and exits with 0', async () => {
    world = await createWorld(aws.moto, {
      simulator: {
        orders: generateOrders({ count: 60, seed: 4, startId: 800_000 }),
      },
    });

    const result = await startSync(world, { POWERTOOLS_LOG_LEVEL: 'INFO' })
      .done;

    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] ?? '');
    expect(summary).toMatchObject({
      outcome: 'completed',
      orders_fetched: 60,
      orders_written: 60,
      orders_unchanged: 0,
      orders_rejected: 0,
      events_published: 0,
      feeds: { updated_after: { pass: 'completed' } },
    });
    expect(summary.checkpoint.updated_after.cursor).toMatch(
      /^\d{4}-\d\d-\d\d /,
    );
    expect(result.stderr).toContain('Sync finished');
  });

  it('exits with 1 and names a missing variable', async () => {
    world = await createWorld(aws.moto, { simulator: { orders: [] } });

    const result = await startSync(world, { ORDERS_TABLE_NAME: '' }).done;

    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.outcome).toBe('failed');
    expect(summary.error).toContain('ORDERS_TABLE_NAME is missing');
  });

  it('loses nothing when killed mid-run', async () => {
    const orders = generateOrders({ count: 400, seed: 9, startId: 810_000 });
    world = await createWorld(aws.moto, {
      simulator: { orders, pageSize: 20, latencyMs: 20 },
    });
    const run = startSync(world, { RESUME_POINT_INTERVAL_SECONDS: '1' });
    world.sim.onOrdersRequest(({ page }) => {
      if (page === 12) run.child.kill('SIGKILL');
    });

    const killed = await run.done;
    const afterKill = (await world.orders()).length;
    const rerun = await startSync(world).done;

    expect(killed.signal).toBe('SIGKILL');
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(400);
    expect(rerun.code).toBe(0);
    expect(byId(await world.orders()).map(apiFields)).toEqual(
      byId(world.sim.orders()),
    );
  });
});
