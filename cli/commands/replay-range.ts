import type { SyncConfig } from '../../lambda/config';
import { OrderReader } from '../../lambda/stores/order-reader';
import type { CommandContext } from '../command';
import { createPublisher, eventContextOf } from '../sync-context';
import { formatCount, writeText } from '../terminal/output';
import { createProgress } from '../terminal/progress';
import { buildReplay, describeReplay, lastStatusChange } from './replay-event';

/** Selection of a range replay. Times are epoch milliseconds. */
export interface ReplayRange {
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly status: string | undefined;
  readonly dryRun: boolean;
}

/**
 * Scans the table for orders whose last status change the sync observed
 * in [since, until), and publishes their status events page by page, or
 * lists them for a dry run. Returns how many matched.
 */
export async function replayRange(
  range: ReplayRange,
  config: SyncConfig,
  { io, clients }: CommandContext,
): Promise<number> {
  const reader = new OrderReader(clients.documents, config.ordersTableName);
  const publisher = createPublisher(clients, config);
  const events = eventContextOf(config);
  const progress = createProgress(io.stderr);
  let scanned = 0;
  let matched = 0;
  for await (const page of reader.scan({ status: range.status })) {
    scanned += page.scannedCount;
    const replays = page.items
      .filter((item) => isInRange(lastStatusChange(item)?.observed_at, range))
      .map((item) => buildReplay(item, events));
    if (range.dryRun) {
      for (const replay of replays) {
        await writeText(io.stdout, `${describeReplay(replay)}\n`);
      }
    } else {
      await publisher.publish(replays.map((replay) => replay.event));
    }
    matched += replays.length;
    progress.update(
      `Scanned ${formatCount(scanned)} orders, ${formatCount(matched)} to replay`,
    );
  }
  progress.clear();

  return matched;
}

function isInRange(
  observedAt: string | undefined,
  range: ReplayRange,
): boolean {
  const time = Date.parse(observedAt ?? '');

  return time >= range.sinceMs && time < range.untilMs;
}
