import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/options';
import { stopAllWorkers, WorkerProcess } from '../../bench/worker-process';

describe('benchmark options', () => {
  it('default to 10,000 orders and every scenario', () => {
    const options = parseOptions([]);

    expect(options.orderCount).toBe(10_000);
    expect(options.latencyMs).toBe(150);
    expect(options.pageConcurrency).toBe(4);
    expect(options.scenarios.size).toBe(7);
  });

  it('take --orders over --large', () => {
    expect(parseOptions(['--large']).orderCount).toBe(43_000);
    expect(parseOptions(['--large', '--orders', '500']).orderCount).toBe(500);
  });

  it.each([
    [['--orders', '-5'], '--orders is invalid: "-5". Use a whole number'],
    [['--latency-ms', '-1'], '--latency-ms is invalid: "-1". Use a whole'],
    [['--page-concurrency=-2'], '--page-concurrency is invalid: "-2".'],
    [['--orders', 'abc'], '--orders is invalid: "abc".'],
  ])('name a negative or bad value: %j', (args, message) => {
    expect(() => parseOptions(args)).toThrow(message);
  });

  it('point an unknown option to --help', () => {
    expect(() => parseOptions(['--bogus'])).toThrow(
      "Unknown option '--bogus'. Run with --help to see the options.",
    );
  });
});

describe('benchmark workers', () => {
  it('start no worker once they are stopped', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bench-worker-'));
    const logPath = join(folder, 'worker.log');
    await stopAllWorkers();

    await expect(
      WorkerProcess.start({
        bundlePath: join(folder, 'missing.mjs'),
        env: {},
        logPath,
      }),
    ).rejects.toThrow('the benchmark is stopping, so no worker starts');
    expect(existsSync(logPath)).toBe(false);
  });
});
