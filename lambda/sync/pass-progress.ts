import type { FeedState, ResumePoint } from '../checkpoint';
import { ConfigurationError, SourceResponseError } from '../errors';
import type { OrderRecord } from '../order-record';
import {
  addSeconds,
  earliestWallClockFrom,
  fromSourceTimestamp,
  toSourceTimestamp,
} from '../source-time';
import type { FetchedPage } from '../tripster/client';
import { checkNextLink } from '../tripster/links';
import { CommitChain } from './commit-chain';
import type {
  FeedPassDeps,
  FeedPassOptions,
  FeedPassResult,
} from './feed-pass';
import { preparePage } from './page-processor';

/** Records believed to be stamped this far past the source clock are rejected. */
const MAX_CLOCK_LEAD_SECONDS = 86_400;
/**
 * A Date header further than this from the local clock is taken as broken,
 * not as the source's clock, when records are checked against it.
 * NOTE: a week is a judgment, not a documented limit. A source clock ahead
 * by more has its newest records set aside until the local clock is within
 * a day of them. They stay above the cursor, so later runs read them again.
 */
const MAX_CLOCK_SKEW_MS = 7 * 86_400_000;

/** Progress of one pass, and the checks on each of its pages. */
export class PassProgress {
  pages: number;
  drifted: boolean;
  private readonly since: string;
  private count: number | undefined;
  private passCursor: string | undefined;
  private sourceNow: string | undefined;
  /** Newest `updated_at` believable on the current page, source time. */
  private latestUpdatedAt = '';
  private requestedAt = 0;
  private readonly seenIds = new Set<number>();
  private readonly visited = new Set<string>();
  private readonly prefetched = new Map<string, Promise<FetchedPage>>();
  private lastPage: number | undefined;
  private resumeUrl: URL | undefined;
  /** Whether this pass continues one that an earlier invocation began. */
  private readonly resumed: boolean;
  private readonly commits: CommitChain;

  constructor(
    private readonly options: FeedPassOptions,
    private readonly deps: FeedPassDeps,
  ) {
    const resume = options.state.resume;
    const cursor = options.state.cursor;
    // Changes stamped with the cursor's own second can land after the pass
    // that set the cursor read past them. The API may also treat the bound
    // as exclusive, so a pass starts at least one second before the cursor.
    const overlapSeconds = Math.max(options.overlapWindowSeconds, 1);
    this.since =
      resume?.since ??
      (cursor === undefined
        ? options.initialSyncStart
        : addSeconds(
            earliestWallClockFrom(cursor, options.sourceTimeZone),
            -overlapSeconds,
          ));
    this.count = resume?.count;
    this.passCursor = resume?.pass_cursor;
    this.pages = resume?.pages ?? 0;
    this.drifted = resume?.drifted ?? false;
    this.resumed = resume !== undefined;
    this.commits = new CommitChain(deps);
    if (resume !== undefined) {
      this.resumeUrl = this.checkLink(resume.next);
    }
  }

  startUrl(): URL {
    return (
      this.resumeUrl ??
      this.deps.client.firstPageUrl(this.options.feed, this.since)
    );
  }

  fetch(url: URL): Promise<FetchedPage> {
    if (this.visited.has(url.href)) {
      throw new SourceResponseError(
        `pagination loops back to ${url.pathname}${url.search}`,
      );
    }
    this.visited.add(url.href);
    this.requestedAt = this.deps.now();
    const prefetched = this.prefetched.get(url.href);
    if (prefetched !== undefined) {
      this.prefetched.delete(url.href);
      return prefetched;
    }
    const page = this.deps.client.fetchPage(url);
    // The page is awaited later; until then a failure must not go unhandled.
    page.catch(() => undefined);

    return page;
  }

  /** Requests the pages after `next` ahead, up to the page concurrency. */
  prefetchAfter(next: URL): void {
    const page = Number(next.searchParams.get('page'));
    if (this.lastPage === undefined || !Number.isSafeInteger(page)) {
      return;
    }
    const last = Math.min(
      page + this.options.pageConcurrency - 1,
      this.lastPage,
    );
    for (let ahead = page + 1; ahead <= last; ahead++) {
      const url = new URL(next);
      url.searchParams.set('page', String(ahead));
      if (!this.prefetched.has(url.href) && !this.visited.has(url.href)) {
        const request = this.deps.client.fetchPage(url);
        request.catch(() => undefined);
        this.prefetched.set(url.href, request);
      }
    }
  }

  /** Checks a fetched page for drift; returns the next page's URL. */
  acceptPage(page: FetchedPage): URL | undefined {
    const serverClock = page.serverDate?.getTime();
    const clock = Math.min(serverClock ?? Infinity, this.requestedAt);
    this.sourceNow = this.toSourceTime(clock);
    // Records are checked against the source's own clock when its Date
    // header is believable, so a clock ahead of ours does not reject them.
    const believable =
      serverClock !== undefined &&
      Math.abs(serverClock - this.requestedAt) <= MAX_CLOCK_SKEW_MS;
    this.latestUpdatedAt = addSeconds(
      this.toSourceTime(believable ? serverClock : this.requestedAt),
      MAX_CLOCK_LEAD_SECONDS,
    );
    if (this.passCursor === undefined) {
      this.checkCursorNotAhead(clock);
      this.passCursor = this.sourceNow;
    }
    if (this.count === undefined) {
      this.count = page.count;
    } else if (page.count !== this.count) {
      this.markDrift(`count changed from ${this.count} to ${page.count}`);
    }
    this.deps.counters.pages_fetched++;
    this.pages++;
    if (page.next === null) {
      return undefined;
    }
    this.lastPage ??= Math.ceil(page.count / Math.max(page.results.length, 1));
    this.checkPageLimit(page);

    return this.checkLink(page.next);
  }

  /**
   * Prepares a page while the page before is still committed, then waits
   * for that commit and starts this page's. The caller goes on to the next
   * page; `settle` waits for the commit.
   */
  async store(page: FetchedPage): Promise<void> {
    const prepared = await preparePage(
      page.results,
      {
        feed: this.options.feed,
        latestUpdatedAt: this.latestUpdatedAt,
        publishFirstSightings:
          this.options.publishFirstSightings ||
          this.options.state.cursor !== undefined,
        observedAt: new Date(this.deps.now()).toISOString(),
      },
      this.deps,
      this.commits.committing,
    );
    this.checkRecords(prepared.valid);
    const logEntry = {
      feed: this.options.feed,
      page: this.pages,
      records: page.results.length,
      count: page.count,
    };
    await this.commits.add(prepared, () =>
      this.deps.logger.info('Page stored', logEntry),
    );
  }

  /** Waits until the last page is committed, and throws if that failed. */
  settle(): Promise<void> {
    return this.commits.settle();
  }

  private checkRecords(orders: readonly OrderRecord[]): void {
    for (const { id, updated_at } of orders) {
      if (this.seenIds.has(id)) {
        this.markDrift(`order ${id} came twice`);
      }
      this.seenIds.add(id);
      // The ids read before the pause are gone, so a second reading of an
      // order cannot be seen. An order changed since the pass began may
      // have moved past the pause, pushing an unread one onto a read page.
      if (this.resumed && updated_at >= (this.passCursor ?? '')) {
        this.markDrift(`order ${id} changed after the pass was paused`);
      }
    }
  }

  /** Saves a resume point at `next` once the pages before it are stored. */
  async saveResumePoint(next: URL): Promise<void> {
    await this.settle();
    await this.deps.saveResumePoint(this.options.feed, this.resumePoint(next));
    this.deps.logger.info('Resume point saved', {
      feed: this.options.feed,
      pages: this.pages,
    });
  }

  /** Ends the pass once its pages are stored; returns the feed's state. */
  async finish(
    outcome: 'completed' | 'drifted' | 'stopped',
    next?: URL,
  ): Promise<FeedPassResult> {
    await this.settle();
    const cursor =
      outcome === 'completed' ? this.passCursor : this.options.state.cursor;
    const state: FeedState = {
      ...(cursor === undefined ? {} : { cursor }),
      ...(next === undefined ? {} : { resume: this.resumePoint(next) }),
    };
    this.deps.logger.info('Feed pass ended', {
      feed: this.options.feed,
      outcome,
      pages: this.pages,
      cursor,
    });

    return { outcome, state, lagSeconds: this.lagSeconds(cursor) };
  }

  private resumePoint(next: URL): ResumePoint {
    return {
      since: this.since,
      next: next.href,
      count: this.count ?? 0,
      pass_cursor: this.passCursor ?? this.since,
      pages: this.pages,
      drifted: this.drifted,
    };
  }

  private lagSeconds(cursor: string | undefined): number | undefined {
    if (cursor === undefined || this.sourceNow === undefined) {
      return undefined;
    }
    const toMs = (value: string) => Date.parse(`${value.replace(' ', 'T')}Z`);

    return Math.max(0, (toMs(this.sourceNow) - toMs(cursor)) / 1000);
  }

  /**
   * Stops the run when the cursor is ahead of the source's clock, because
   * such a cursor skips every change made before the clock catches up.
   * Instants are compared, not readings, because in an hour that the clocks
   * repeat the reading falls behind a cursor taken an instant earlier.
   */
  private checkCursorNotAhead(clock: number): void {
    const cursor = this.options.state.cursor;
    const zone = this.options.sourceTimeZone;
    const leadMs = this.options.overlapWindowSeconds * 1000;
    if (
      cursor !== undefined &&
      fromSourceTimestamp(cursor, zone).getTime() > clock + leadMs
    ) {
      const sourceNow = this.toSourceTime(clock);
      throw new ConfigurationError(
        `Checkpoint cursor ${cursor} of feed ${this.options.feed} is ahead of the source clock (${sourceNow}), so changes before it would be skipped. Set the cursor back to a time before ${sourceNow} with \`npx tripster-sync backfill --since DATE\`, or in the checkpoint parameter.`,
      );
    }
  }

  private toSourceTime(epochMs: number): string {
    return toSourceTimestamp(new Date(epochMs), this.options.sourceTimeZone);
  }

  private markDrift(reason: string): void {
    if (!this.drifted) {
      this.deps.logger.warn(
        'Source shifted during the pass; the cursor stays',
        {
          feed: this.options.feed,
          reason,
        },
      );
    }
    this.drifted = true;
  }

  /** Fails a pass that runs past count / page size pages, plus slack, because its next links do not end. */
  private checkPageLimit(page: FetchedPage): void {
    const limit =
      Math.ceil((this.count ?? 0) / Math.max(page.results.length, 1)) * 2 + 10;
    if (this.pages > limit) {
      throw new SourceResponseError(
        `pagination ran past ${limit} pages for ${this.count} orders; the next links do not end`,
      );
    }
  }

  private checkLink(link: string): URL {
    const first = this.deps.client.firstPageUrl(this.options.feed, this.since);

    return checkNextLink(link, this.deps.client.ordersUrl, {
      name: this.options.feed,
      value: first.searchParams.get(this.options.feed) ?? '',
    });
  }
}
