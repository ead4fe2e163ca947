import type { BenchResult } from './results';
import type { BackfillResult } from './scenarios/backfill';
import type { ColdStartResult } from './scenarios/cold-start';
import type { IncrementalRun } from './scenarios/incremental';
import { fixed, formatTable, mebibytes, seconds } from './table';

/** Renders the results as the tables printed on standard output. */
export function renderReport(result: BenchResult): string {
  const sections = [
    renderMachine(result),
    result.backfills.length > 0 ? renderBackfills(result.backfills) : '',
    result.options.cpuProfile
      ? 'NOTE: --cpu-prof was on; the profiler adds CPU time and memory to every worker.'
      : '',
    result.backfills.length > 0 ? renderTimeSplit(result.backfills) : '',
    result.backfills.length > 0 ? renderCores(result.backfills) : '',
    result.backfills.length > 0 ? renderOperations(result.backfills) : '',
    result.incremental.length > 0 ? renderIncremental(result.incremental) : '',
    result.coldStart === null ? '' : renderColdStart(result.coldStart),
    renderProfiles(result),
    renderTargets(result),
    result.errors.length > 0
      ? `Errors\n${result.errors.map((error) => `  ${error}`).join('\n')}`
      : '',
  ];

  return sections.filter((section) => section !== '').join('\n\n');
}

function renderMachine({ machine, command, loadAverage }: BenchResult): string {
  if (machine === null) {
    return `Command: ${command}`;
  }

  return [
    `Command: ${command}`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${mebibytes(machine.memoryBytes)} MiB, ${machine.kernel}`,
    `Node.js ${machine.node}, moto ${machine.moto} (${machine.motoServer}), AWS SDK ${machine.awsSdk}, esbuild ${machine.esbuild}`,
    `Code: commit ${machine.commit.slice(0, 12)}${uncommitted(machine.uncommittedSyncFiles)}`,
    `Load average (1, 5, 15 min): ${formatLoad(loadAverage.start)} at start, ${formatLoad(loadAverage.end)} at end`,
  ].join('\n');
}

function formatLoad(load: readonly number[]): string {
  return load.map((value) => value.toFixed(2)).join(' ');
}

function uncommitted(files: readonly string[]): string {
  return files.length === 0
    ? ', lambda/ as committed'
    : `, with uncommitted changes in lambda/: ${files.map((line) => line.slice(3)).join(', ')}`;
}

function renderBackfills(backfills: readonly BackfillResult[]): string {
  const rows = backfills.map((backfill) => {
    const { settings, report } = backfill;
    const cpuMs = report.cpu.userMs + report.cpu.systemMs;
    return [
      backfill.name,
      backfill.complete ? 'yes' : `NO (${report.outcome})`,
      String(report.pages),
      seconds(report.durationMs),
      fixed(backfill.ordersPerSecond, 0),
      settings.latencyMs > 0 ? seconds(backfill.lowerBoundMs) : '-',
      backfill.ratio === null ? '-' : fixed(backfill.ratio, 2),
      seconds(backfill.apiAloneMs),
      settings.latencyMs > 0 ? fixed(backfill.apiAloneRatio, 2) : '-',
      backfill.motoAloneMs === null ? '-' : seconds(backfill.motoAloneMs),
      mebibytes(backfill.readyRssBytes),
      mebibytes(report.memory.maxRssBytes),
      fixed(backfill.cpuMsPerThousandOrders, 0),
      fixed(cpuMs / Math.max(report.durationMs, 1), 2),
      fixed(backfill.requestsPerOrder.all ?? 0, 3),
    ];
  });

  return `Backfill\n${formatTable(
    [
      'scenario',
      'complete',
      'pages',
      'wall s',
      'orders/s',
      'bound s',
      'wall/bound',
      'API alone s',
      'wall/API alone',
      'moto alone s',
      'RSS ready MiB',
      'RSS peak MiB',
      'CPU ms/1k orders',
      'CPU cores used',
      'AWS req/order',
    ],
    rows,
  )}`;
}

function renderTimeSplit(backfills: readonly BackfillResult[]): string {
  const stepRows = backfills.map(({ name, report }) => {
    const { passTime, inFlight } = report;
    return [
      name,
      seconds(passTime.setupMs),
      seconds(passTime.apiBusyMs),
      seconds(passTime.apiIdleMs),
      seconds(passTime.finishMs),
      seconds(inFlight.apiOnlyMs),
      seconds(inFlight.bothMs),
      seconds(inFlight.awsOnlyMs),
      seconds(inFlight.neitherMs),
    ];
  });

  return `Where the backfill wall time goes, in s (orders requests | what was in flight)\n${formatTable(
    [
      'scenario',
      'setup',
      'API busy',
      'API idle',
      'finish',
      'API only',
      'API+AWS',
      'AWS only',
      'neither',
    ],
    stepRows,
  )}`;
}

/**
 * CPU time of each process over the backfill's wall time: how much of the
 * machine's cores the worker, moto and the benchmark process used.
 */
function renderCores(backfills: readonly BackfillResult[]): string {
  const rows = backfills.map(({ name, report }) => {
    const wallMs = Math.max(report.durationMs, 1);
    const worker = report.cpu.userMs + report.cpu.systemMs;
    const { moto, benchmark } = report.otherCpuMs;
    const cores = (ms: number | null) =>
      ms === null ? '-' : fixed(ms / wallMs, 2);
    return [
      name,
      cores(worker),
      cores(moto),
      cores(benchmark),
      cores(worker + (moto ?? 0) + benchmark),
    ];
  });

  return `CPU cores used during the backfill, by process\n${formatTable(
    ['scenario', 'worker', 'moto', 'simulator+proxy', 'all three'],
    rows,
  )}`;
}

function renderOperations(backfills: readonly BackfillResult[]): string {
  const rows: string[][] = [];
  for (const { name, report } of backfills) {
    const written = Math.max(report.ordersWritten, 1);
    for (const [operation, stats] of Object.entries(report.aws.byOperation)) {
      rows.push([
        name,
        operation,
        String(stats.count),
        fixed(stats.count / written, 4),
        fixed(stats.meanMs, 1),
        fixed(stats.p95Ms, 1),
        seconds(stats.totalMs),
        seconds(stats.inFlightMs),
      ]);
    }
  }

  return `AWS requests of the backfills, by operation (latency seen by the proxy)\n${formatTable(
    [
      'scenario',
      'operation',
      'count',
      'per order',
      'mean ms',
      'p95 ms',
      'sum s',
      'in flight s',
    ],
    rows,
    'll',
  )}`;
}

function renderIncremental(runs: readonly IncrementalRun[]): string {
  const rows = runs.map(({ label, report, queueMessages }) => {
    const feeds = report.api.pageRequestsByFeed;
    const operations = Object.entries(report.aws.byOperation)
      .map(
        ([name, stats]) =>
          `${name.split(':')[1]} ${stats.count} (${seconds(stats.inFlightMs)} s)`,
      )
      .join(', ');
    return [
      label,
      `${feeds.updated_after ?? 0}+${feeds.schedule_updated_after ?? 0}`,
      String(report.api.tokenRequests),
      String(report.aws.requests),
      operations,
      String(report.ordersFetched),
      String(report.ordersWritten),
      String(report.ordersUnchanged),
      String(report.eventsPublished),
      String(queueMessages),
      seconds(report.durationMs),
      seconds(report.inFlight.awsOnlyMs + report.inFlight.bothMs),
    ];
  });

  return `Incremental runs (one warm app; API pages: updated_after+schedule_updated_after; AWS by operation: count (in flight s))\n${formatTable(
    [
      'run',
      'API pages',
      'token',
      'AWS',
      'AWS by operation',
      'fetched',
      'written',
      'unchanged',
      'events',
      'queue',
      'wall s',
      'AWS s',
    ],
    rows,
    'lrrrl',
  )}`;
}

function renderColdStart(cold: ColdStartResult): string {
  const rows = [
    [
      'handler bundle',
      fixed(cold.handler.medianImportMs, 1),
      fixed(cold.handler.medianProcessMs, 1),
      mebibytes(cold.handler.medianRssBytes),
    ],
    [
      'empty module',
      fixed(cold.emptyModule.medianImportMs, 1),
      fixed(cold.emptyModule.medianProcessMs, 1),
      mebibytes(cold.emptyModule.medianRssBytes),
    ],
  ];
  const packages = Object.entries(cold.bytesByPackage)
    .slice(0, 6)
    .map(([name, bytes]) => `${name} ${(bytes / 1000).toFixed(0)} kB`)
    .join(', ');

  return [
    `Cold start (median of ${cold.runs} fresh processes each)`,
    `Bundle: ${cold.bundleBytes.toLocaleString('en-US')} bytes minified, source map ${cold.sourceMapBytes.toLocaleString('en-US')} bytes`,
    `Largest parts: ${packages}`,
    formatTable(['module', 'import ms', 'process ms', 'RSS MiB'], rows),
  ].join('\n');
}

function renderProfiles({ profiles }: BenchResult): string {
  return profiles
    .map((profile) => {
      const origins = profile.byOrigin
        .filter((entry) => entry.name !== '(idle)')
        .slice(0, 10)
        .map((entry) => [entry.name, fixed(entry.ms, 0)]);
      const functions = profile.topSelf
        .filter((entry) => !entry.name.startsWith('(idle)'))
        .slice(0, 12)
        .map((entry) => [entry.name, fixed(entry.ms, 0)]);
      const sync = profile.topSyncInclusive
        .slice(0, 10)
        .map((entry) => [entry.name, fixed(entry.ms, 0)]);
      return [
        `CPU profile ${profile.file} (${fixed(profile.totalMs / 1000, 1)} s sampled, worker start included)`,
        formatTable(['self time by origin', 'ms'], origins),
        formatTable(['functions with most self time', 'ms'], functions),
        formatTable(['sync functions, time with callees', 'ms'], sync),
      ].join('\n');
    })
    .join('\n\n');
}

function verdict(met: boolean | null): string {
  if (met === null) {
    return 'not measured';
  }

  return met ? 'met' : 'MISSED';
}

function renderTargets({ targets }: BenchResult): string {
  const rows = targets.map(({ target, measured, met }) => [
    target,
    measured,
    verdict(met),
  ]);

  return `Targets\n${formatTable(['target', 'measured', 'result'], rows, 'lll')}`;
}
