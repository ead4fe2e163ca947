import type { BenchResult, TargetCheck } from './results';
import type { BackfillResult } from './scenarios/backfill';
import type { IncrementalRun } from './scenarios/incremental';

const MIB = 1024 * 1024;
/** Default memory size of the function in infra/settings.ts (256 MB), read as MiB. */
const MEMORY_LIMIT_BYTES = 256 * MIB;
const BUNDLE_LIMIT_BYTES = 1_000_000;

type Measured = Omit<BenchResult, 'targets' | 'profiles' | 'durationSeconds'>;

/** Checks each target against what the benchmark measured. */
export function checkTargets(result: Measured): TargetCheck[] {
  const { latencyMs, pageConcurrency } = result.options;
  const backfill = findBackfill(result, latencyMs, 1);
  const prefetch = findBackfill(result, latencyMs, pageConcurrency);

  return [
    boundTarget(backfill, 1.1, 'Backfill wall time <= 1.10 x pages x L'),
    boundTarget(
      prefetch,
      1.25,
      `Prefetch (C=${pageConcurrency}) wall time <= 1.25 x pages x L / C`,
    ),
    ...noChangeTargets(result.incremental[0]),
    ...refetchTargets(result.incremental),
    ...changeTargets(backfill, result.incremental),
    ...memoryTargets(result.backfills),
    bundleTarget(result),
  ];
}

function findBackfill(
  result: Measured,
  latencyMs: number,
  pageConcurrency: number,
): BackfillResult | undefined {
  return result.backfills.find(
    ({ settings }) =>
      settings.dynamoDb === 'moto' &&
      settings.orderCount === result.options.orderCount &&
      settings.latencyMs === latencyMs &&
      settings.pageConcurrency === pageConcurrency,
  );
}

function boundTarget(
  backfill: BackfillResult | undefined,
  limit: number,
  target: string,
): TargetCheck {
  if (backfill?.ratio == null) {
    return { target, measured: 'not measured', met: null };
  }
  const wall = preciseSeconds(backfill.report.durationMs);
  const bound = preciseSeconds(backfill.lowerBoundMs);
  const api = `${backfill.apiAloneRatio.toFixed(2)} x the API alone (${seconds(backfill.apiAloneMs)} s)`;
  const alone =
    backfill.motoAloneMs === null
      ? api
      : `${api}; moto alone ${seconds(backfill.motoAloneMs)} s`;

  return {
    target,
    measured: `${backfill.ratio.toFixed(2)} x (${wall} s / ${bound} s); ${alone}`,
    met: backfill.complete && backfill.ratio <= limit,
  };
}

/** Seconds with two decimals below 10 s, so that a short bound stays readable. */
function preciseSeconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(2) : seconds(ms);
}

function noChangeTargets(run: IncrementalRun | undefined): TargetCheck[] {
  const names = [
    'No-change run: <= 1 API page request per feed',
    'No-change run: <= 3 AWS requests (warm caches)',
    'No-change run: no writes, no events',
  ];
  if (run === undefined) {
    return names.map((target) => ({
      target,
      measured: 'not measured',
      met: null,
    }));
  }
  const byFeed = run.report.api.pageRequestsByFeed;
  const aws = run.report.aws;
  const operations = Object.entries(aws.byOperation)
    .map(([name, stats]) => `${name.split(':')[1]} ${stats.count}`)
    .join(', ');

  return [
    {
      target: names[0] as string,
      measured: Object.entries(byFeed)
        .map(([feed, count]) => `${feed} ${count}`)
        .join(', '),
      met: Object.values(byFeed).every((count) => count <= 1),
    },
    {
      target: names[1] as string,
      measured: `${aws.requests} (${operations})`,
      met: aws.requests <= 3,
    },
    {
      target: names[2] as string,
      measured: `${run.report.ordersWritten} writes, ${run.report.eventsPublished} events`,
      met: run.report.ordersWritten === 0 && run.report.eventsPublished === 0,
    },
  ];
}

/** Checks DynamoDB and SNS requests per re-fetched order in no-change runs. */
function refetchTargets(runs: readonly IncrementalRun[]): TargetCheck[] {
  return runs
    .filter((run) => run.kind === 'none' && run.report.ordersUnchanged > 0)
    .map((run) => {
      const { orderDataRequests } = run.report.aws;
      const perOrder = orderDataRequests / run.report.ordersUnchanged;

      return {
        target: `AWS requests per unchanged re-fetched order <= 0.02 (${run.report.ordersUnchanged} re-fetched)`,
        measured: `${perOrder.toFixed(4)} (${orderDataRequests} DynamoDB/SNS requests for ${run.report.pages} pages)`,
        met: perOrder <= 0.02,
      };
    });
}

/**
 * Computes DynamoDB and SNS requests per order written, in the backfill and
 * the change runs. A change run also re-fetches the orders of earlier runs
 * that are still in the overlap window, and one BatchGetItem serves a whole
 * page. So each written order is charged its share of the BatchGetItem
 * requests (written / fetched). The measured text gives the plain ratio too.
 */
function changeTargets(
  backfill: BackfillResult | undefined,
  runs: readonly IncrementalRun[],
): TargetCheck[] {
  const cases = runs
    .filter((run) => run.kind !== 'none')
    .map((run) => ({ label: run.label, report: run.report }));
  if (backfill !== undefined) {
    cases.unshift({ label: 'backfill', report: backfill.report });
  }
  const missing: TargetCheck[] =
    backfill === undefined
      ? [
          {
            target: 'AWS requests per new or changed order <= 1.1 (backfill)',
            measured: 'not measured',
            met: null,
          },
        ]
      : [];

  return [
    ...missing,
    ...cases.map(({ label, report }) => {
      const written = Math.max(report.ordersWritten, 1);
      const requests = report.aws.orderDataRequests;
      const batchGets = report.aws.byOperation['dynamodb:BatchGetItem']?.count;
      const share = report.ordersWritten / Math.max(report.ordersFetched, 1);
      const charged = requests - (batchGets ?? 0) * (1 - share);
      const perOrder = charged / written;
      const mix = requestMix(report.aws.byOperation);

      return {
        target: `AWS requests per new or changed order <= 1.1 (${label})`,
        measured: `${perOrder.toFixed(3)} (plain ${(requests / written).toFixed(3)}: ${mix})`,
        met: report.ordersWritten > 0 && perOrder <= 1.1,
      };
    }),
  ];
}

function requestMix(
  byOperation: Readonly<Record<string, { count: number }>>,
): string {
  return Object.entries(byOperation)
    .filter(([name]) => !name.startsWith('ssm:'))
    .map(([name, stats]) => `${name.split(':')[1]} ${stats.count}`)
    .join(', ');
}

/** Checks the peak RSS of the zero-latency backfills into moto. */
function memoryTargets(backfills: readonly BackfillResult[]): TargetCheck[] {
  const peak = (orders: number) =>
    backfills.find(
      ({ settings }) =>
        settings.dynamoDb === 'moto' &&
        settings.orderCount === orders &&
        settings.latencyMs === 0 &&
        settings.pageConcurrency === 1,
    )?.report.memory.maxRssBytes;
  const small = peak(10_000);
  const large = peak(43_000);
  const growthTarget = 'Peak RSS growth from 10,000 to 43,000 orders < 15%';
  let growth: TargetCheck = {
    target: growthTarget,
    measured: 'not measured (use --large)',
    met: null,
  };
  if (small !== undefined && large !== undefined) {
    growth = {
      target: growthTarget,
      measured: `${percent(large / small - 1)} (${mib(small)} -> ${mib(large)} MiB)`,
      met: large / small - 1 < 0.15,
    };
  }
  const peaks = backfills
    .filter(({ settings }) => settings.dynamoDb === 'moto')
    .map((backfill) => backfill.report.memory.maxRssBytes);
  const highest = Math.max(...peaks);
  const limit = {
    target: 'Peak RSS < 256 MiB in every backfill into moto',
    measured: peaks.length > 0 ? `${mib(highest)} MiB at most` : 'not measured',
    met: peaks.length > 0 ? highest < MEMORY_LIMIT_BYTES : null,
  };

  return [growth, limit];
}

function bundleTarget(result: Measured): TargetCheck {
  const target = 'Handler bundle <= 1 MB (1,000,000 bytes) minified';
  const bytes = result.coldStart?.bundleBytes;
  if (bytes === undefined) {
    return { target, measured: 'not measured', met: null };
  }

  return {
    target,
    measured: `${bytes.toLocaleString('en-US')} bytes`,
    met: bytes <= BUNDLE_LIMIT_BYTES,
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(0);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
