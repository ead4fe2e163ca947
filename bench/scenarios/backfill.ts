import type { RunReport } from '../analysis';
import { timeApiAlone } from '../api-alone';
import { type BenchContext, measureRun, startWorker } from '../context';
import { createFixture, type Fixture } from '../fixture';
import { timeMotoAlone } from '../moto-alone';
import type { WorkerProcess } from '../worker-process';

export interface BackfillSettings {
  readonly orderCount: number;
  /** Simulated Tripster latency per orders request, in ms. */
  readonly latencyMs: number;
  /** PAGE_CONCURRENCY of the sync. */
  readonly pageConcurrency: number;
  /**
   * `moto` stores the orders. With `instant`, the proxy responds to
   * DynamoDB's reads and writes at once without storing, to show the
   * sync's own limit.
   */
  readonly dynamoDb: 'moto' | 'instant';
}

export interface BackfillResult {
  readonly name: string;
  readonly settings: BackfillSettings;
  readonly report: RunReport;
  /** RSS of the worker after it built the app, before the backfill. */
  readonly readyRssBytes: number;
  /** Pages x latency / concurrency: the bound of the targets. */
  readonly lowerBoundMs: number;
  /** Wall time over the lower bound; null without latency. */
  readonly ratio: number | null;
  /** The same pages fetched by a bare client, with no sync (`timeApiAlone`). */
  readonly apiAloneMs: number;
  /** Wall time over `apiAloneMs`. */
  readonly apiAloneRatio: number;
  /**
   * The backfill's DynamoDB requests made by a bare client, with no sync
   * (`timeMotoAlone`); null for a backfill that did not store into moto.
   */
  readonly motoAloneMs: number | null;
  readonly ordersPerSecond: number;
  readonly cpuMsPerThousandOrders: number;
  /** AWS requests of each operation per order written. */
  readonly requestsPerOrder: Record<string, number>;
  /** Whether every order was written and the pass completed. */
  readonly complete: boolean;
}

/** Work to do on the synced account before the worker stops. */
export type AfterBackfill = (
  worker: WorkerProcess,
  fixture: Fixture,
) => Promise<void>;

/**
 * Backfills a fresh table from a simulator holding `orderCount` orders,
 * in a worker process of its own, then runs `afterwards` on the same warm
 * app. Resets moto when done, so the next scenario starts empty.
 */
export async function runBackfill(
  context: BenchContext,
  settings: BackfillSettings,
  afterwards?: AfterBackfill,
): Promise<BackfillResult> {
  const name = backfillName(settings);
  context.progress(`${name}: generating orders and resources`);
  const fixture = await createFixture(context.moto, context.proxy.endpoint, {
    orderCount: settings.orderCount,
    latencyMs: settings.latencyMs,
  });
  let worker: WorkerProcess | undefined;
  try {
    const apiAloneMs = await timeApiAlone(fixture, settings.pageConcurrency);
    worker = await startWorker(context, fixture, name, {
      PAGE_CONCURRENCY: String(settings.pageConcurrency),
    });
    context.progress(`${name}: backfill started`);
    context.proxy.setInstantDynamoDb(settings.dynamoDb === 'instant');
    const report = await measureRun(context, worker, fixture);
    context.proxy.setInstantDynamoDb(false);
    context.progress(
      `${name}: ${report.outcome} in ${(report.durationMs / 1000).toFixed(1)} s`,
    );
    const motoAloneMs =
      settings.dynamoDb === 'moto' && report.outcome === 'completed'
        ? await timeMotoAlone(
            context.moto.endpoint,
            `${fixture.resources.ordersTableName}-moto-alone`,
            fixture.orders,
          )
        : null;
    const result = describeBackfill(name, settings, report, worker, {
      apiAloneMs,
      motoAloneMs,
    });
    if (afterwards !== undefined) {
      await afterwards(worker, fixture);
    }

    return result;
  } finally {
    context.proxy.setInstantDynamoDb(false);
    await worker?.stop();
    await fixture.simulator.stop();
    await context.moto.reset();
  }
}

export function backfillName(settings: BackfillSettings): string {
  const latency = `latency-${settings.latencyMs}ms`;
  const concurrency = `concurrency-${settings.pageConcurrency}`;
  const suffix = settings.dynamoDb === 'instant' ? '-instant-dynamodb' : '';

  return `backfill-${settings.orderCount}-${latency}-${concurrency}${suffix}`;
}

function describeBackfill(
  name: string,
  settings: BackfillSettings,
  report: RunReport,
  worker: WorkerProcess,
  alone: { apiAloneMs: number; motoAloneMs: number | null },
): BackfillResult {
  const { apiAloneMs, motoAloneMs } = alone;
  const lowerBoundMs =
    (report.pages * settings.latencyMs) / settings.pageConcurrency;
  const written = Math.max(report.ordersWritten, 1);
  const requestsPerOrder: Record<string, number> = {
    all: report.aws.requests / written,
    orderData: report.aws.orderDataRequests / written,
  };
  for (const [operation, stats] of Object.entries(report.aws.byOperation)) {
    requestsPerOrder[operation] = stats.count / written;
  }
  const cpuMs = report.cpu.userMs + report.cpu.systemMs;

  return {
    name,
    settings,
    report,
    readyRssBytes: worker.readyRssBytes,
    lowerBoundMs,
    ratio: lowerBoundMs > 0 ? report.durationMs / lowerBoundMs : null,
    apiAloneMs,
    apiAloneRatio: report.durationMs / apiAloneMs,
    motoAloneMs,
    ordersPerSecond: report.ordersWritten / (report.durationMs / 1000),
    cpuMsPerThousandOrders: cpuMs / (Math.max(report.ordersFetched, 1) / 1000),
    requestsPerOrder,
    complete:
      report.outcome === 'completed' &&
      report.ordersWritten === settings.orderCount,
  };
}
