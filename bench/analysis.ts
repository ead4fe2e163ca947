import type { SyncStep } from '../lambda/sync/steps';
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
 * Wall time of a run split at the sync's step boundaries; the parts add up
 * to the run's duration.
 */
export interface StepTime {
  /** Run start to the first orders request: checkpoint, credentials, token. */
  readonly setupMs: number;
  /** Until a fetched page was in hand. */
  readonly waitingForPagesMs: number;
  /** Page in hand to events published: validation, BatchGetItem, SNS. */
  readonly readAndPublishMs: number;
  /** Events published to orders written: the conditional PutItem calls. */
  readonly writeMs: number;
  readonly resumePointMs: number;
  readonly checkpointMs: number;
  /** After the checkpoint was saved, until `run` returned. */
  readonly tailMs: number;
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
   * BatchGetItem keys and failed PublishBatch entries. The SDK's own
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
  readonly steps: StepTime;
  readonly cpu: {
    readonly userMs: number;
    readonly systemMs: number;
    readonly eventLoopUtilization: number;
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
    steps: splitSteps(run),
    cpu: {
      userMs: run.cpuUserMs,
      systemMs: run.cpuSystemMs,
      eventLoopUtilization: run.eventLoopUtilization,
    },
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

const SEGMENT_BY_STEP: Record<SyncStep, keyof StepTime> = {
  'page-fetched': 'waitingForPagesMs',
  'events-published': 'readAndPublishMs',
  'orders-written': 'writeMs',
  'resume-saved': 'resumePointMs',
  'checkpoint-saved': 'checkpointMs',
};

/** Charges the time before each step boundary to that step. */
function splitSteps(run: RunMeasurement): StepTime {
  const time: Record<keyof StepTime, number> = {
    setupMs: 0,
    waitingForPagesMs: 0,
    readAndPublishMs: 0,
    writeMs: 0,
    resumePointMs: 0,
    checkpointMs: 0,
    tailMs: 0,
  };
  const firstPage = run.apiRequests.find((entry) => entry.feed !== null);
  let previous = run.start;
  if (firstPage !== undefined) {
    time.setupMs = firstPage.start - run.start;
    previous = firstPage.start;
  }
  for (const mark of run.steps) {
    time[SEGMENT_BY_STEP[mark.step]] += mark.time - previous;
    previous = mark.time;
  }
  time.tailMs = run.end - previous;

  return time;
}
