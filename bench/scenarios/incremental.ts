import type { ApiOrder } from '../../test/simulator';
import { drainQueue } from '../../test/support/aws';
import type { RunReport } from '../analysis';
import { type BenchContext, measureRun } from '../context';
import type { Fixture } from '../fixture';
import type { WorkerProcess } from '../worker-process';

export type ChangeKind = 'none' | 'status' | 'field' | 'reschedule';

/** Changes made at the source before one incremental run. */
interface ChangeSet {
  readonly kind: ChangeKind;
  readonly count: number;
  /**
   * Position of the first changed order among the orders sorted by id. The
   * others follow at an even stride, so no two sets share an order.
   */
  readonly offset: number;
}

/**
 * The runs, in order. Each change stamps the source's current time, so the
 * overlap window of every later run (300 s by default) fetches the changed
 * orders again, unchanged: the `no changes` runs after the first measure
 * that cost.
 */
const CHANGE_SETS: readonly ChangeSet[] = [
  { kind: 'none', count: 0, offset: 0 },
  { kind: 'status', count: 100, offset: 1 },
  { kind: 'none', count: 0, offset: 0 },
  { kind: 'status', count: 1000, offset: 2 },
  { kind: 'field', count: 1000, offset: 3 },
  { kind: 'reschedule', count: 100, offset: 4 },
  { kind: 'none', count: 0, offset: 0 },
];

const CHANGE_NAMES: Record<Exclude<ChangeKind, 'none'>, string> = {
  status: 'status changes',
  field: 'field changes',
  reschedule: 'reschedules',
};

/** Status each changed order moves to. */
const NEXT_STATUS: Record<string, string> = {
  processing: 'paid',
  paid: 'cancelled',
  cancelled: 'paid',
};

export interface IncrementalRun {
  readonly label: string;
  readonly kind: ChangeKind;
  readonly changedOrders: number;
  readonly report: RunReport;
  /** Messages that reached the queue subscribed to the topic. */
  readonly queueMessages: number;
}

/**
 * Runs the change sets one after another on the synced account, with the
 * worker's app kept warm between runs, as a warm Lambda would.
 */
export async function runIncremental(
  context: BenchContext,
  worker: WorkerProcess,
  fixture: Fixture,
): Promise<IncrementalRun[]> {
  const ids = fixture.orders.map((order) => order.id).sort((a, b) => a - b);
  const largest = Math.max(...CHANGE_SETS.map((change) => change.count));
  if (ids.length < 10 * largest) {
    context.progress(
      `NOTE: with ${ids.length} orders, fewer than ${10 * largest}, the change sets are cut to the account's size and may share orders, so their figures differ from those of a full run`,
    );
  }
  const runs: IncrementalRun[] = [];
  for (const [index, change] of CHANGE_SETS.entries()) {
    const changed = pickIds(ids, change);
    const label = describe(change.kind, changed.length, index);
    applyChanges(fixture, change, changed);
    context.progress(`incremental: ${label}`);
    const report = await measureRun(context, worker, fixture);
    const messages = await drainQueue(
      context.moto.endpoint,
      fixture.resources.queueUrl,
    );
    runs.push({
      label,
      kind: change.kind,
      changedOrders: changed.length,
      report,
      queueMessages: messages.length,
    });
  }

  return runs;
}

function describe(kind: ChangeKind, count: number, index: number): string {
  if (kind === 'none') {
    return index === 0 ? 'no changes' : 'no changes (re-fetch)';
  }

  return `${count.toLocaleString('en-US')} ${CHANGE_NAMES[kind]}`;
}

/**
 * Picks `count` ids at an even stride. Sets stay apart when the account
 * has at least 10 times as many orders as the largest set (1,000). With
 * fewer orders, a later set may change an order that an earlier one did.
 */
function pickIds(ids: readonly number[], change: ChangeSet): number[] {
  const count = Math.min(change.count, ids.length);
  const stride = Math.max(1, Math.floor(ids.length / Math.max(count, 1)));

  return Array.from(
    { length: count },
    (_, index) => ids[(index * stride + change.offset) % ids.length] as number,
  );
}

function applyChanges(
  fixture: Fixture,
  change: ChangeSet,
  ids: readonly number[],
): void {
  const simulator = fixture.simulator;
  for (const id of ids) {
    const order = simulator.getOrder(id) as ApiOrder;
    if (change.kind === 'status') {
      simulator.setStatus(id, NEXT_STATUS[order.status] ?? 'paid');
    } else if (change.kind === 'field') {
      simulator.updateOrder(id, {
        description: `${order.description} (edited)`,
      });
    } else if (change.kind === 'reschedule') {
      simulator.reschedule(id, nextDay(order.start_at ?? order.created_at));
    }
  }
}

function nextDay(timestamp: string): string {
  const ms = Date.parse(`${timestamp.replace(' ', 'T')}Z`) + 86_400_000;

  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
