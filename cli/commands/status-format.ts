import { FEEDS } from '../../lambda/checkpoint';
import { formatAge, formatCount, formatQuantity } from '../terminal/output';
import type { FeedStatus, StatusReport } from './status-report';

const FEED_WIDTH = Math.max(...FEEDS.map((feed) => feed.length));
const INDENT = ' '.repeat(FEED_WIDTH + 4);

/** Formats the report as text for a person. */
export function formatStatus(report: StatusReport, now: Date): string {
  const lines = [
    `Checkpoint ${report.checkpoint_parameter} (source time, ${report.source_time_zone})`,
    ...FEEDS.flatMap((feed) => describeFeed(feed, report.feeds[feed])),
    '',
    ...describeLastRun(report.last_run, now),
    '',
    ...describeOrders(report.orders),
    `Set aside  ${formatQuantity(report.rejected_records.count, 'record')} in ${report.rejected_records.table}${report.rejected_records.count > 0 ? ' (see: tripster-sync rejects list)' : ''}`,
  ];

  return `${lines.join('\n')}\n`;
}

function describeFeed(feed: string, status: FeedStatus): string[] {
  const name = `  ${feed.padEnd(FEED_WIDTH)}  `;
  const lines =
    status.cursor === null
      ? [`${name}no cursor yet: the feed has not finished its first pass`]
      : [
          `${name}cursor ${status.cursor}, ${formatAge(status.cursor_age_seconds ?? 0)}`,
        ];
  const resume = status.resume;
  if (resume !== null) {
    lines.push(
      `${INDENT}resumes at page ${resume.next_page} of the pass since ${resume.since} (${formatCount(resume.count)} orders${resume.drifted ? ', source shifted during it' : ''})`,
    );
  }

  return lines;
}

function describeLastRun(
  run: Record<string, unknown> | null,
  now: Date,
): string[] {
  if (run === null) {
    return ['Last run   none has saved the checkpoint yet'];
  }
  const startedAt = typeof run.started_at === 'string' ? run.started_at : '';
  const started = Date.parse(startedAt);
  const age = Number.isNaN(started)
    ? ''
    : ` (${formatAge((now.getTime() - started) / 1000)})`;
  const seconds = Number(run.duration_ms) / 1000;
  const counts = [
    ['pages', run.pages_fetched],
    ['fetched', run.orders_fetched],
    ['written', run.orders_written],
    ['unchanged', run.orders_unchanged],
    ['stale', run.orders_stale],
    ['rejected', run.orders_rejected],
    ['events', run.events_published],
  ]
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => `${name} ${formatCount(value as number)}`);

  return [
    `Last run   ${String(run.outcome ?? 'unknown')}, started ${startedAt}${age}, took ${seconds.toFixed(1)} s`,
    `           ${counts.join(', ')}`,
  ];
}

function describeOrders(orders: StatusReport['orders']): string[] {
  const count =
    orders.approximate_count === null
      ? 'an unknown number of'
      : `about ${formatCount(orders.approximate_count)}`;

  return [
    `Orders     ${count} in ${orders.table}`,
    "           approximate: DescribeTable's ItemCount, which AWS updates about every six hours",
  ];
}
