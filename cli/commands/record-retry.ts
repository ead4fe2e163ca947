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
  | {
      readonly outcome: 'stored';
      readonly orderId: number;
      readonly result: string;
    }
  | { readonly outcome: 'kept'; readonly reason: string }
  /** The record is out of date: the table has a newer or later write. */
  | { readonly outcome: 'cleared'; readonly reason: string };

/**
 * Validates set-aside records again and puts the valid ones through the
 * function's own page processing, one record at a time: stored and its
 * events published, then its reject item deleted. A record that still fails
 * is set aside again by that processing, which updates its reason and count.
 * A record whose order the function has stored since it was last set aside
 * is out of date, so it is deleted without a retry.
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
    if (await this.isSuperseded(record, raw)) {
      await this.admin.delete(record.record_key);

      return {
        outcome: 'cleared',
        reason: `the table has stored order ${record.order_id} since it was set aside`,
      };
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
    const after = this.deps.counters;
    if (
      after.orders_written === counters.orders_written &&
      after.orders_unchanged === counters.orders_unchanged
    ) {
      return {
        outcome: 'cleared',
        reason: `the table holds a newer version of order ${order.id}`,
      };
    }

    return {
      outcome: 'stored',
      orderId: order.id,
      result: this.describeResult(counters),
    };
  }

  /**
   * Returns whether the table contains the record's order written after the
   * record was last set aside, and no older than its `updated_at` if any.
   */
  private async isSuperseded(
    record: StoredRejectedRecord,
    raw: unknown,
  ): Promise<boolean> {
    if (record.order_id === null) {
      return false;
    }
    const [item] = await this.deps.orders.getItems([record.order_id]);
    const writtenAt = item?.sync_last_written_at;
    if (typeof writtenAt !== 'string' || writtenAt <= record.last_rejected_at) {
      return false;
    }
    const stamped = (raw as { updated_at?: unknown } | null)?.updated_at;

    return typeof stamped !== 'string' || String(item?.updated_at) >= stamped;
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

    return 'the table already holds this content';
  }
}

function kept(reason: string): RetryOutcome {
  return { outcome: 'kept', reason };
}
