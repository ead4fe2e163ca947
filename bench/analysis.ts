import type { AwsRequestRecord } from './aws-proxy';
import { type Interval, intersect, length, quantile, union } from './timeline';
import type { RunMeasurement } from './worker-protocol';

/** Latency and count of one AWS operation, as the proxy saw it. */
export interface OperationStats {
  readonly count: number;
  /** Sum of the request durations; parallel requests each count. */
  readonly totalMs: number;
  /** Wall time with at least one request of this operation in flight. */
  readonly inFlightMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/**
 * Wall time of a run split by what was in flight: a Tripster request, an
 * AWS request, both, or neither (the sync's own code, the SDK and the
 * event loop). The four parts add up to the run's duration.
 */
export interface InFlightTime {
  readonly apiOnlyMs: number;
  readonly awsOnlyMs: number;
  readonly bothMs: number;
  readonly neitherMs: number;
}

/**
 * Wall time of a run around its orders requests; the parts add up to the
 * run's duration. Pages are stored while later ones are fetched, so the
 * sync's own steps overlap and are not split out.
 */
export interface PassTime {
  /** Run start to the first orders request: checkpoint, credentials, token. */
  readonly setupMs: number;
  /** First orders request to the last response, with one in flight. */
  readonly apiBusyMs: number;
  /** The rest of that span, when the API waited for the sync. */
  readonly apiIdleMs: number;
  /** After the last orders response: the last commit and the checkpoint. */
  readonly finishMs: number;
}

export interface RunReport {
  readonly outcome: string;
  readonly error: string | null;
  readonly durationMs: number;
  readonly pages: number;
  readonly ordersFetched: number;
  readonly ordersWritten: number;
  readonly ordersUnchanged: number;
  readonly ordersRejected: number;
  readonly eventsPublished: number;
  readonly api: {
    readonly pageRequests: number;
    readonly pageRequestsByFeed: Record<string, number>;
    readonly tokenRequests: number;
  };
  /**
   * Retries that the sync waited for: Tripster requests, unprocessed
   * BatchGetItem keys and BatchWriteItem items, and failed PublishBatch
   * entries. The SDK's own
   * retries show as extra AWS requests instead.
   */
  readonly retries: number;
  readonly aws: {
    readonly requests: number;
    /** DynamoDB and SNS requests: the ones that grow with the orders. */
    readonly orderDataRequests: number;
    /** SSM requests: checkpoint and credentials. */
    readonly parameterRequests: number;
    readonly byOperation: Record<string, OperationStats>;
    /** Wall time with at least one AWS request in flight. */
    readonly inFlightMs: number;
  };
  readonly inFlight: InFlightTime;
  readonly passTime: PassTime;
  readonly cpu: {
    readonly userMs: number;
    readonly systemMs: number;
    readonly eventLoopUtilization: number;
  };
  /**
   * CPU time of the other processes during the run, in ms: moto (null
   * where `/proc` does not tell), and the benchmark process, which runs
   * the simulator and the proxy.
   */
  readonly otherCpuMs: {
    readonly moto: number | null;
    readonly benchmark: number;
  };
  readonly memory: {
    readonly maxRssBytes: number;
    readonly rssAfterBytes: number;
    readonly heapUsedAfterBytes: number;
  };
}

/** Combines the worker's measurement with the proxy's AWS requests. */
export function analyzeRun(
  run: RunMeasurement,
  aws: readonly AwsRequestRecord[],
  otherCpuMs: RunReport['otherCpuMs'],
): RunReport {
  const summary = run.summary;
  const pageRequests = run.apiRequests.filter((entry) => entry.feed !== null);
  const byFeed: Record<string, number> = {};
  for (const entry of pageRequests) {
    const feed = entry.feed as string;
    byFeed[feed] = (byFeed[feed] ?? 0) + 1;
  }
  const parameterRequests = aws.filter((entry) => entry.service === 'ssm');

  return {
    outcome: summary?.outcome ?? 'failed',
    error: run.error,
    durationMs: run.end - run.start,
    pages: summary?.pages_fetched ?? 0,
    ordersFetched: summary?.orders_fetched ?? 0,
    ordersWritten: summary?.orders_written ?? 0,
    ordersUnchanged: summary?.orders_unchanged ?? 0,
    ordersRejected: summary?.orders_rejected ?? 0,
    eventsPublished: summary?.events_published ?? 0,
    api: {
      pageRequests: pageRequests.length,
      pageRequestsByFeed: byFeed,
      tokenRequests: run.apiRequests.length - pageRequests.length,
    },
    retries: run.sleepsMs.length,
    aws: {
      requests: aws.length,
      orderDataRequests: aws.length - parameterRequests.length,
      parameterRequests: parameterRequests.length,
      byOperation: operationStats(aws),
      inFlightMs: length(union(aws)),
    },
    inFlight: splitInFlight(run, aws),
    passTime: splitPassTime(run),
    cpu: {
      userMs: run.cpuUserMs,
      systemMs: run.cpuSystemMs,
      eventLoopUtilization: run.eventLoopUtilization,
    },
    otherCpuMs,
    memory: {
      maxRssBytes: run.maxRssBytes,
      rssAfterBytes: run.rssAfterBytes,
      heapUsedAfterBytes: run.heapUsedAfterBytes,
    },
  };
}

function operationStats(
  aws: readonly AwsRequestRecord[],
): Record<string, OperationStats> {
  const byKey = new Map<string, AwsRequestRecord[]>();
  for (const entry of aws) {
    const key = `${entry.service}:${entry.operation}`;
    const entries = byKey.get(key) ?? [];
    entries.push(entry);
    byKey.set(key, entries);
  }
  const stats: Record<string, OperationStats> = {};
  for (const [key, entries] of [...byKey].sort()) {
    const list = entries.map((entry) => entry.end - entry.start);
    const totalMs = list.reduce((sum, value) => sum + value, 0);
    stats[key] = {
      count: list.length,
      totalMs,
      inFlightMs: length(union(entries)),
      meanMs: totalMs / list.length,
      p50Ms: quantile(list, 0.5),
      p95Ms: quantile(list, 0.95),
    };
  }

  return stats;
}

function splitInFlight(
  run: RunMeasurement,
  aws: readonly AwsRequestRecord[],
): InFlightTime {
  const window: Interval[] = [{ start: run.start, end: run.end }];
  const api = intersect(union(run.apiRequests), window);
  const awsBusy = intersect(union(aws), window);
  const bothMs = length(intersect(api, awsBusy));
  const apiOnlyMs = length(api) - bothMs;
  const awsOnlyMs = length(awsBusy) - bothMs;

  return {
    apiOnlyMs,
    awsOnlyMs,
    bothMs,
    neitherMs: run.end - run.start - apiOnlyMs - awsOnlyMs - bothMs,
  };
}

function splitPassTime(run: RunMeasurement): PassTime {
  const pages = run.apiRequests.filter((entry) => entry.feed !== null);
  if (pages.length === 0) {
    const durationMs = run.end - run.start;
    return { setupMs: durationMs, apiBusyMs: 0, apiIdleMs: 0, finishMs: 0 };
  }
  const first = Math.min(...pages.map((entry) => entry.start));
  const last = Math.max(...pages.map((entry) => entry.end));
  const apiBusyMs = length(union(pages));

  return {
    setupMs: first - run.start,
    apiBusyMs,
    apiIdleMs: last - first - apiBusyMs,
    finishMs: run.end - last,
  };
}
