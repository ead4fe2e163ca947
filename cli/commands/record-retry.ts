import type { Checkpoint, Feed } from '../../lambda/checkpoint';
import type { SyncConfig } from '../../lambda/config';
import { parseExactJson } from '../../lambda/json';
import { validateRecord } from '../../lambda/order-record';
import { addSeconds, toSourceTimestamp } from '../../lambda/source-time';
import type {
  RejectedRecordAdmin,
  StoredRejectedRecord,
} from '../../lambda/stores/rejected-record-admin';
import {
  type PageContext,
  type PageProcessorDeps,
  processPage,
} from '../../lambda/sync/page-processor';

/**
 * How far past the source's clock an `updated_at` may be, as the function
 * allows it. This tool reads the local clock, as it has no source response.
 */
const MAX_CLOCK_LEAD_SECONDS = 86_400;

export type RetryOutcome =
  | { readonly stored: true; readonly orderId: number; readonly result: string }
  | { readonly stored: false; readonly reason: string };

/**
 * Validates set-aside records again and puts the valid ones through the
 * function's own page processing, one record at a time: stored and its
 * events published, then its reject item deleted. A record that still fails
 * is set aside again by that processing, which updates its reason and count.
 */
export class RecordRetry {
  private readonly latestUpdatedAt: string;
  private readonly observedAt: string;

  constructor(
    private readonly config: SyncConfig,
    private readonly checkpoint: Checkpoint,
    private readonly deps: PageProcessorDeps,
    private readonly admin: RejectedRecordAdmin,
    now: Date,
  ) {
    this.latestUpdatedAt = addSeconds(
      toSourceTimestamp(now, config.sourceTimeZone),
      MAX_CLOCK_LEAD_SECONDS,
    );
    this.observedAt = now.toISOString();
  }

  async retry(record: StoredRejectedRecord): Promise<RetryOutcome> {
    if (record.raw_truncated) {
      return kept(
        'its raw JSON was cut when it was set aside, so it cannot be read back',
      );
    }
    let raw: unknown;
    try {
      raw = parseExactJson(record.raw);
    } catch {
      return kept('its raw JSON is not valid JSON');
    }
    const counters = { ...this.deps.counters };
    const { valid, setAside } = await processPage(
      [raw],
      this.pageContext(record.feed),
      this.deps,
    );
    const [order] = valid;
    if (order === undefined) {
      const check = validateRecord(raw, this.latestUpdatedAt);

      return kept(check.valid ? 'it failed validation again' : check.reason);
    }
    if (setAside.has(order.id)) {
      return kept('DynamoDB rejected the order again');
    }
    await this.admin.delete(record.record_key);

    return {
      stored: true,
      orderId: order.id,
      result: this.describeResult(counters),
    };
  }

  private pageContext(feed: string): PageContext {
    // As in a run: an order seen for the first time gets an event once the
    // feed has finished its first backfill, or when backfills publish too.
    const cursor = this.checkpoint.feeds[feed as Feed]?.cursor;

    return {
      feed,
      latestUpdatedAt: this.latestUpdatedAt,
      publishFirstSightings:
        this.config.publishBackfillEvents || cursor !== undefined,
      observedAt: this.observedAt,
    };
  }

  private describeResult(before: PageProcessorDeps['counters']): string {
    const after = this.deps.counters;
    const events = after.events_published - before.events_published;
    if (after.orders_written > before.orders_written) {
      return `written, ${events} ${events === 1 ? 'event' : 'events'} published`;
    }
    if (after.orders_unchanged > before.orders_unchanged) {
      return 'the table already holds this content';
    }

    return 'the table holds a newer version of the order';
  }
}

function kept(reason: string): RetryOutcome {
  return { stored: false, reason };
}
