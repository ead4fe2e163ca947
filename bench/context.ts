import { join } from 'node:path';
import type { Moto } from '../test/support/moto';
import { analyzeRun, type RunReport } from './analysis';
import type { AwsProxy } from './aws-proxy';
import type { Fixture } from './fixture';
import { ownCpuMs, processCpuMs } from './process-cpu';
import { WorkerProcess } from './worker-process';

/** Time a Lambda invocation may take at most, handed to `SyncApp.run`. */
const LAMBDA_TIMEOUT_MS = 900_000;
/** A worker that has not answered after this long is killed. */
const RUN_TIMEOUT_MS = 1_200_000;

/** What every scenario shares: the emulator, the proxy and the output. */
export interface BenchContext {
  readonly moto: Moto;
  readonly proxy: AwsProxy;
  /** Folder for this benchmark's logs, profiles and bundles. */
  readonly outputDir: string;
  /** The worker, bundled as the CDK bundles the handler. */
  readonly workerBundle: string;
  readonly cpuProfile: boolean;
  readonly progress: (message: string) => void;
  /** Aborted on an interrupt: no scenario starts after it. */
  readonly signal: AbortSignal;
}

/** Starts a worker for the fixture's sync, logging to `<name>.log`. */
export function startWorker(
  context: BenchContext,
  fixture: Fixture,
  name: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  return WorkerProcess.start({
    bundlePath: context.workerBundle,
    env: { ...fixture.env, ...env },
    logPath: join(context.outputDir, `${name}.log`),
    cpuProfileDir: context.cpuProfile
      ? join(context.outputDir, `${name}-profiles`)
      : undefined,
  });
}

/**
 * Runs the sync once in the worker and analyzes it, printing how many
 * orders requests the simulator has served every 10 s meanwhile.
 */
export async function measureRun(
  context: BenchContext,
  worker: WorkerProcess,
  fixture: Fixture,
): Promise<RunReport> {
  context.proxy.take();
  const motoBefore = processCpuMs(context.moto.pid);
  const ownBefore = ownCpuMs();
  const requests = fixture.simulator.requests;
  const served = requests.length;
  const timer = setInterval(() => {
    context.progress(`  ... ${requests.length - served} API requests served`);
  }, 10_000);
  try {
    const run = await worker.run(LAMBDA_TIMEOUT_MS, RUN_TIMEOUT_MS);
    const motoAfter = processCpuMs(context.moto.pid);

    return analyzeRun(run, context.proxy.take(), {
      moto:
        motoBefore === null || motoAfter === null
          ? null
          : motoAfter - motoBefore,
      benchmark: ownCpuMs() - ownBefore,
    });
  } finally {
    clearInterval(timer);
  }
}
