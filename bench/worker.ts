/**
 * Child process of the benchmark: builds one SyncApp from its environment,
 * as a Lambda cold start does, and runs it each time the parent sends
 * `run`, reporting what it measured. Reusing the app between runs keeps the
 * token, the credentials and the SDK connections warm, as in a warm Lambda.
 * A fresh process per backfill keeps its peak RSS its own.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { SyncApp } from '../lambda/app';
import { loadConfig } from '../lambda/config';
import { errorMessage } from '../lambda/errors';
import { RunFailedError, type RunSummary } from '../lambda/sync/run';
import { preciseNow } from './clock';
import type {
  ApiRequestRecord,
  RunMeasurement,
  WorkerCommand,
  WorkerMessage,
} from './worker-protocol';

const send = (message: WorkerMessage) => process.send?.(message);

/** Records the requests and sleeps of the current run. */
class RunRecorder {
  apiRequests: ApiRequestRecord[] = [];
  sleepsMs: number[] = [];

  reset(): void {
    this.apiRequests = [];
    this.sleepsMs = [];
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const start = preciseNow();
    let status = 0;
    try {
      const response = await fetch(input, init);
      status = response.status;

      return response;
    } finally {
      this.apiRequests.push({
        method: init?.method ?? 'GET',
        feed: feedOf(url),
        page: Number(url.searchParams.get('page') ?? '1'),
        status,
        start,
        end: preciseNow(),
      });
    }
  };

  readonly sleep = async (ms: number): Promise<void> => {
    this.sleepsMs.push(ms);
    await delay(ms);
  };
}

function feedOf(url: URL): string | null {
  for (const feed of ['updated_after', 'schedule_updated_after']) {
    if (url.searchParams.has(feed)) {
      return feed;
    }
  }

  return null;
}

async function measureRun(
  app: SyncApp,
  recorder: RunRecorder,
  remainingTimeMs: number,
): Promise<RunMeasurement> {
  recorder.reset();
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const start = preciseNow();
  let summary: RunSummary | null = null;
  let error: string | null = null;
  try {
    summary = await app.run(remainingTimeMs);
  } catch (caught) {
    error = errorMessage(caught);
    summary = caught instanceof RunFailedError ? caught.summary : null;
  }
  const end = preciseNow();
  const cpu = process.cpuUsage(cpuBefore);
  const loop = performance.eventLoopUtilization(loopBefore);
  const memory = process.memoryUsage();

  return {
    start,
    end,
    summary,
    error,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    eventLoopUtilization: loop.utilization,
    // resourceUsage reports the peak in kibibytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssAfterBytes: memory.rss,
    heapUsedAfterBytes: memory.heapUsed,
    apiRequests: recorder.apiRequests,
    sleepsMs: recorder.sleepsMs,
  };
}

const recorder = new RunRecorder();
const app = new SyncApp(loadConfig(process.env), {
  fetch: recorder.fetch,
  sleep: recorder.sleep,
});

process.on('message', (command: WorkerCommand) => {
  if (command.type === 'stop') {
    process.disconnect();
    process.exit(0);
  }
  measureRun(app, recorder, command.remainingTimeMs).then((run) =>
    send({ type: 'measured', run }),
  );
});

const memory = process.memoryUsage();
send({
  type: 'ready',
  rssBytes: memory.rss,
  heapUsedBytes: memory.heapUsed,
});
