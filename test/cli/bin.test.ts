import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readParameter } from '../support/aws';
import { type Moto, startMoto } from '../support/moto';
import {
  createWorld,
  PARTNER_ID,
  SECRET,
  useMoto,
  type World,
} from '../support/world';

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

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command as its own process, asynchronously, so that the
 * simulator in this process keeps responding.
 */
function run(
  command: string[],
  env: Record<string, string>,
  input = '',
): Promise<Finished> {
  const child = spawn(process.execPath, command, {
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(input);

  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tripster-sync as a process', () => {
  it('prints help through the bin file', async () => {
    const result = await run(['bin/tripster-sync.js', '--help'], {});

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: tripster-sync <command>');
  });

  it('exits with 2 for a usage error', async () => {
    const result = await run(['bin/tripster-sync.js', 'export'], {});

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format is missing');
  });

  it('runs cli/main.ts with tsx', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });

    const result = await run(
      ['--import', 'tsx', 'cli/main.ts', 'status', '--json'],
      world.resources.env,
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).last_run).toBeNull();
  });

  it('stores credentials read from a pipe', async () => {
    world = await createWorld(moto, {
      credentials: { partner: 'old', secret: 'old' },
    });

    const result = await run(
      ['bin/tripster-sync.js', 'credentials', 'set'],
      world.resources.env,
      `${PARTNER_ID}\n${SECRET}\n`,
    );

    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    const stored = await readParameter(
      moto.endpoint,
      world.resources.credentialsParameterName,
    );
    expect(stored).toContain(SECRET);
  });
});
