import { parse, stringify } from 'lossless-json';
import type { ReceivedEvent } from '../../test/support/aws';
import type { SourceChange } from './source-changes';
import type { SyncRun } from './sync-process';

/** Writes lines to standard output. */
export function print(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function printHeading(title: string): void {
  print('', title, '-'.repeat(title.length));
}

/** Prints rows of cells as columns, each as wide as its widest cell. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  for (const row of rows) {
    const cells = row.map((cell, column) =>
      column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
    );
    print(`  ${cells.join('  ')}`.trimEnd());
  }
}

export function printSyncRun(run: SyncRun): void {
  const { summary } = run;
  printTable([
    ['outcome', summary.outcome],
    ['pages fetched', String(summary.pages_fetched)],
    ['orders fetched', String(summary.orders_fetched)],
    ['orders written', String(summary.orders_written)],
    ['orders unchanged', String(summary.orders_unchanged)],
    ['orders stale', String(summary.orders_stale)],
    ['orders rejected', String(summary.orders_rejected)],
    [
      'events published',
      describeEventCounts(summary.events_published, summary.events_by_status),
    ],
    ['run time', describeRunTime(run)],
  ]);
  print('', '  Feeds and the checkpoint they left:');
  printTable(
    Object.entries(summary.feeds).map(([feed, state]) => [
      feed,
      state.pass,
      `cursor ${state.cursor ?? '(none)'}`,
      state.resume_page === null ? '' : `resume at page ${state.resume_page}`,
    ]),
  );
}

function describeEventCounts(
  total: number,
  byStatus: Record<string, number>,
): string {
  const parts = Object.entries(byStatus).map(
    ([status, count]) => `${status} ${count}`,
  );
  if (parts.length === 0) {
    return String(total);
  }

  return `${total} (by status: ${parts.join(', ')})`;
}

function describeRunTime(run: SyncRun): string {
  const handler = seconds(run.summary.duration_ms);

  return `${handler} in the handler, ${seconds(run.wallMs)} for npm run sync`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function printSourceChanges(changes: readonly SourceChange[]): void {
  printTable(
    changes.map((change) => [
      String(change.id),
      change.action,
      describeSourceChange(change),
    ]),
  );
}

function describeSourceChange(change: SourceChange): string {
  if (change.action === 'created') {
    return `new order, status ${change.after}`;
  }
  const field = change.action === 'rescheduled' ? 'start_at' : 'status';

  return `${field} ${change.before} → ${change.after}`;
}

/** Describes how many events arrived, by CloudEvents type. */
export function describeEventTypes(events: readonly ReceivedEvent[]): string {
  const counts = new Map<string, number>();
  for (const { body } of events) {
    const type = String(body.type);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const parts = [...counts].map(([type, count]) => `${type} ${count}`);

  return parts.length === 0 ? '0' : `${events.length} (${parts.join(', ')})`;
}

/** Prints one line per event: type, order, transition, subpartner, id. */
export function printEvents(events: readonly ReceivedEvent[]): void {
  const header = ['type', 'order', 'change', 'subpartner', 'event id'];
  const rows = events.map(({ body, attributes }) => [
    String(body.type),
    String(body.subject),
    describeTransition(body.type, body.data as Record<string, unknown>),
    attributes.subpartner ?? '(none)',
    String(body.id),
  ]);
  printTable([header, ...rows]);
}

function describeTransition(
  type: unknown,
  data: Record<string, unknown>,
): string {
  if (type === 'order.rescheduled') {
    return `start_at ${data.previous_start_at} → ${data.start_at}`;
  }
  const previous = data.previous_status ?? '(first seen)';

  return `${previous} → ${data.status}`;
}

/**
 * Prints an event's message attributes and its CloudEvents body as indented
 * JSON. The body is parsed with lossless-json, so prices keep the digits the
 * publisher sent.
 */
export function printEventInFull(event: ReceivedEvent): void {
  print('  Message attributes:');
  print(indent(JSON.stringify(event.attributes, null, 2)));
  print('  Message body:');
  print(indent(stringify(parse(event.raw), null, 2) ?? event.raw));
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}
