/**
 * Benchmark of the sync: runs the real SyncApp in worker processes against
 * the Tripster simulator and moto, both on 127.0.0.1, and prints tables and
 * one JSON line. See docs/benchmarks.md for what each number means.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../lambda/errors';
import { type Moto, startMoto } from '../test/support/moto';
import { type AwsProxy, startAwsProxy } from './aws-proxy';
import { buildWorkerBundle } from './bundle';
import { describeMachine } from './machine';
import { type BenchOptions, parseOptions, USAGE } from './options';
import { type Measurements, ScenarioPlan } from './plan';
import { type ProfileSummary, summarizeProfile } from './profile-summary';
import { renderReport } from './report';
import type { BenchResult } from './results';
import { checkTargets } from './targets';
import { stopAllWorkers } from './worker-process';

const RESULTS_DIR = fileURLToPath(new URL('results', import.meta.url));
/** AWS requests the proxy forwards in one benchmark, at most. */
const MAX_AWS_REQUESTS = 1_000_000;

const progress = (message: string) => {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[${time}] ${message}\n`);
};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // This SDK version supports Node 20. Its warning is about later versions.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outputDir = join(RESULTS_DIR, stamp);
  mkdirSync(outputDir, { recursive: true });
  const measured: Measurements = {
    machine: null,
    backfills: [],
    incremental: [],
    coldStart: null,
    errors: [],
  };

  await withServices(options, async (moto, proxy, signal) => {
    measured.machine = await describeMachine(moto.endpoint);
    progress('bundling the worker as the CDK bundles the handler');
    const context = {
      moto,
      proxy,
      outputDir,
      workerBundle: buildWorkerBundle(outputDir),
      cpuProfile: options.cpuProfile,
      progress,
      signal,
    };
    await new ScenarioPlan(context, options, measured).run();
  });

  const result = buildResult(options, startedAt, outputDir, measured, {
    start: loadAtStart,
    end: loadavg(),
  });
  process.stdout.write(
    `${renderReport(result)}\n\n${JSON.stringify(result)}\n`,
  );
  const recordPath = join(RESULTS_DIR, `${stamp}.json`);
  writeFileSync(recordPath, `${JSON.stringify(result, null, 2)}\n`);
  progress(`results written to ${recordPath}; logs in ${outputDir}`);

  return measured.errors.length > 0 ? 1 : 0;
}

/**
 * Starts moto and the counting proxy in front of it, runs `action`, and
 * stops the workers, the proxy and moto afterwards or on an interrupt.
 */
async function withServices(
  options: BenchOptions,
  action: (moto: Moto, proxy: AwsProxy, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  progress('starting moto');
  const moto = await startMoto();
  const proxy = await startAwsProxy({
    target: moto.endpoint,
    maxRequests: MAX_AWS_REQUESTS,
    closeConnections: options.closeAwsConnections,
  });
  const stop = async () => {
    await stopAllWorkers();
    await proxy.stop();
    await moto.stop();
  };
  const interrupted = new AbortController();
  const interrupt = () => {
    interrupted.abort();
    progress('interrupted; stopping the workers and moto');
    stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await action(moto, proxy, interrupted.signal);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await stop();
  }
}

function buildResult(
  options: BenchOptions,
  startedAt: Date,
  outputDir: string,
  measured: Measurements,
  loadAverage: BenchResult['loadAverage'],
): BenchResult {
  const base = {
    startedAt: startedAt.toISOString(),
    loadAverage,
    command: `tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    options: { ...options, scenarios: [...options.scenarios] },
    ...measured,
  };

  return {
    ...base,
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    targets: checkTargets(base),
    profiles: options.cpuProfile ? readProfiles(outputDir) : [],
  };
}

/** Summarizes the main-thread profile of each worker: its largest file. */
function readProfiles(outputDir: string): ProfileSummary[] {
  return readdirSync(outputDir)
    .filter((name) => name.endsWith('-profiles'))
    .flatMap((name) => {
      const dir = join(outputDir, name);
      const largest = readdirSync(dir)
        .map((file) => join(dir, file))
        .sort((a, b) => statSync(b).size - statSync(a).size)[0];
      return largest === undefined ? [] : [summarizeProfile(largest)];
    });
}

try {
  process.exitCode = await main();
} catch (error) {
  progress(`benchmark failed: ${errorMessage(error)}`);
  process.exitCode = 1;
}
