import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type {
  RunMeasurement,
  WorkerCommand,
  WorkerMessage,
} from './worker-protocol';

const START_TIMEOUT_MS = 60_000;

export interface WorkerOptions {
  /** bench/worker.ts bundled, from `buildWorkerBundle`. */
  readonly bundlePath: string;
  /** Environment of the sync: the function's variables, nothing else. */
  readonly env: Record<string, string>;
  /** File that receives the worker's standard output and error. */
  readonly logPath: string;
  /**
   * Writes V8 CPU profiles of the worker into this folder when set, one per
   * thread: the main thread and the thread of the TypeScript loader.
   */
  readonly cpuProfileDir?: string;
}

const running = new Set<WorkerProcess>();
/** Set once the workers are stopped for good, so that no new one starts. */
let workersStopped = false;

/**
 * Stops every worker still running, as on an interrupt, and makes any
 * later `WorkerProcess.start` throw.
 */
export async function stopAllWorkers(): Promise<void> {
  workersStopped = true;
  await Promise.allSettled([...running].map((worker) => worker.stop()));
}

/** A worker process running one SyncApp, driven over IPC. */
export class WorkerProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly logPath: string,
    /** RSS right after the app was built, before any run. */
    readonly readyRssBytes: number,
  ) {}

  static async start(options: WorkerOptions): Promise<WorkerProcess> {
    if (workersStopped) {
      throw new Error('the benchmark is stopping, so no worker starts');
    }
    const log = openSync(options.logPath, 'a');
    const child = spawn(
      process.execPath,
      [...profileArguments(options.cpuProfileDir), options.bundlePath],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...options.env,
        },
        stdio: ['ignore', log, log, 'ipc'],
      },
    );
    closeSync(log);
    const ready = await nextMessage(child, options.logPath, START_TIMEOUT_MS);
    if (ready.type !== 'ready') {
      child.kill('SIGKILL');
      throw new Error(`worker sent ${ready.type} before ready`);
    }
    const worker = new WorkerProcess(child, options.logPath, ready.rssBytes);
    running.add(worker);
    child.once('exit', () => running.delete(worker));

    return worker;
  }

  /** Runs the sync once; kills the worker when it takes over `timeoutMs`. */
  async run(
    remainingTimeMs: number,
    timeoutMs: number,
  ): Promise<RunMeasurement> {
    const reply = nextMessage(this.child, this.logPath, timeoutMs);
    this.send({ type: 'run', remainingTimeMs });
    const message = await reply;
    if (message.type !== 'measured') {
      throw new Error(`worker sent ${message.type} instead of a measurement`);
    }

    return message.run;
  }

  /** Asks the worker to exit, so a CPU profile gets written; kills it after 10 s. */
  stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) {
      return Promise.resolve();
    }

    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.connected) {
        this.send({ type: 'stop' });
      } else {
        child.kill('SIGTERM');
      }
    });
  }

  private send(command: WorkerCommand): void {
    this.child.send(command);
  }
}

function profileArguments(dir: string | undefined): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** Waits for the worker's next message; kills it on timeout or exit. */
function nextMessage(
  child: ChildProcess,
  logPath: string,
  timeoutMs: number,
): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: WorkerMessage) => {
      cleanUp();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanUp();
      reject(
        new Error(
          `worker exited (${signal ?? code}) before it answered. See ${logPath}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      cleanUp();
      child.kill('SIGKILL');
      reject(
        new Error(`worker timed out after ${timeoutMs} ms. See ${logPath}`),
      );
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
