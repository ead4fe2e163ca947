import type { Feed, FeedState, ResumePoint } from '../checkpoint';
import {
  type FetchedPage,
  PageStatusError,
  type TripsterClient,
} from '../tripster/client';
import type { PageProcessorDeps } from './page-processor';
import { PassProgress } from './pass-progress';

export interface FeedPassDeps extends PageProcessorDeps {
  readonly client: TripsterClient;
  /** Stores a resume point of this feed in the checkpoint. */
  readonly saveResumePoint: (feed: Feed, resume: ResumePoint) => Promise<void>;
  readonly now: () => number;
}

export interface FeedPassOptions {
  readonly feed: Feed;
  readonly state: FeedState;
  readonly sourceTimeZone: string;
  readonly overlapWindowSeconds: number;
  readonly initialSyncStart: string;
  readonly publishFirstSightings: boolean;
  /** Epoch ms after which no new page is started. */
  readonly deadline: number;
  /**
   * Pages requested at once. Above 1, the pages after a `next` link are
   * requested ahead by their page number, which the API does not promise
   * to keep. A wrong guess costs a request, never a page.
   */
  readonly pageConcurrency: number;
  readonly resumePointIntervalMs: number;
}

export type PassOutcome = 'completed' | 'drifted' | 'stopped';

export interface FeedPassResult {
  readonly outcome: PassOutcome;
  /** The feed's state after the pass, to store in the checkpoint. */
  readonly state: FeedState;
  /** Seconds between the source's clock and the cursor, after the pass. */
  readonly lagSeconds: number | undefined;
}

/**
 * Reads one feed from its cursor (minus the overlap window) to the last
 * page. The next page is requested before a page is stored, and a page's
 * commit overlaps the fetch and preparation of the page after it.
 *
 * The cursor advances only when the pass ends and the source did not shift
 * under it. A shift (the `count` changed, an id came twice, a page vanished)
 * can hide orders between pages, so the next run repeats the pass. The new
 * cursor is the source's clock when the pass began, taken from the first
 * response's Date header; the local clock is used when it is earlier, so a
 * wrong clock on either side moves the cursor back, never forward.
 */
export async function runFeedPass(
  options: FeedPassOptions,
  deps: FeedPassDeps,
): Promise<FeedPassResult> {
  const pass = new PassProgress(options, deps);
  try {
    return await readPages(pass, options, deps);
  } finally {
    // A pass that fails still waits for the commit in flight, so that no
    // write lands after it returns. The first error is the one thrown.
    await pass.settle().catch(() => undefined);
  }
}

async function readPages(
  pass: PassProgress,
  options: FeedPassOptions,
  deps: FeedPassDeps,
): Promise<FeedPassResult> {
  let fetch: Promise<FetchedPage> | undefined = pass.fetch(pass.startUrl());
  let lastSavedAt = deps.now();

  while (fetch !== undefined) {
    let page: FetchedPage;
    try {
      page = await fetch;
    } catch (error) {
      if (
        error instanceof PageStatusError &&
        error.status === 404 &&
        pass.pages > 0
      ) {
        return pass.finish('drifted');
      }
      throw error;
    }
    await deps.onStep?.('page-fetched');
    const next = pass.acceptPage(page);
    const hasTime = deps.now() < options.deadline;
    fetch = next !== undefined && hasTime ? pass.fetch(next) : undefined;
    if (fetch !== undefined && next !== undefined) {
      pass.prefetchAfter(next);
    }

    await pass.store(page);

    if (next === undefined) {
      return pass.finish(pass.drifted ? 'drifted' : 'completed');
    }
    if (!hasTime || deps.now() >= options.deadline) {
      await pass.saveResumePoint(next);
      return pass.finish('stopped', next);
    }
    if (deps.now() - lastSavedAt >= options.resumePointIntervalMs) {
      await pass.saveResumePoint(next);
      lastSavedAt = deps.now();
    }
  }

  throw new Error('unreachable: a pass ends inside its loop');
}
