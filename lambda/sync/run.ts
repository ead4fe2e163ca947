import type { Checkpoint, Feed, FeedState } from '../checkpoint';
import { FEEDS } from '../checkpoint';
import { errorMessage, SyncError } from '../errors';
import type { CheckpointStore } from '../stores/checkpoint-store';
import { emptyCounters, type RunCounters } from './counters';
import {
  type FeedPassDeps,
  type FeedPassOptions,
  type PassOutcome,
  runFeedPass,
} from './feed-pass';

export type RunOutcome = 'completed' | 'resumable';

/** Outcome of one feed in a run. */
export interface FeedSummary {
  readonly pass: PassOutcome | 'waiting' | 'not_started' | 'failed';
  readonly cursor: string | null;
  readonly resume_page: number | null;
}

/** The run summary: logged, printed by `npm run sync`, kept in the checkpoint. */
export interface RunSummary extends Omit<RunCounters, 'events_by_status'> {
  readonly outcome: RunOutcome | 'failed';
  readonly started_at: string;
  readonly duration_ms: number;
  readonly feeds: Record<Feed, FeedSummary>;
  readonly checkpoint: Checkpoint['feeds'];
  readonly events_by_status: Record<string, number>;
  readonly checkpoint_lag_seconds: number | null;
}

export type RunSettings = Omit<FeedPassOptions, 'feed' | 'state'>;

export interface RunDeps
  extends Omit<FeedPassDeps, 'saveResumePoint' | 'counters'> {
  readonly checkpoints: CheckpointStore;
}

/**
 * Runs one pass of each feed and saves the checkpoint. The schedule feed
 * waits for the first full backfill, then starts from where that backfill
 * began: the backfill already stored every order's current `start_at`.
 */
export async function runSync(
  settings: RunSettings,
  deps: RunDeps,
): Promise<RunSummary> {
  const run = new RunState(deps.now());
  const checkpoint = await deps.checkpoints.load();
  run.feeds = { ...checkpoint.feeds };
  run.saved = checkpoint.feeds;
  try {
    await runFeeds(settings, deps, checkpoint, run);
  } catch (error) {
    run.failCurrent();
    throw new RunFailedError(run.summarize('failed', deps.now()), error);
  }
  const summary = run.summarize(run.outcome(), deps.now());
  await deps.checkpoints.save({
    feeds: run.feeds,
    last_run: lastRunRecord(summary),
  });
  await deps.onStep?.('checkpoint-saved');

  return summary;
}

async function runFeeds(
  settings: RunSettings,
  deps: RunDeps,
  checkpoint: Checkpoint,
  run: RunState,
): Promise<void> {
  const saveResumePoint: FeedPassDeps['saveResumePoint'] = async (
    feed,
    resume,
  ) => {
    const feeds = { ...run.feeds, [feed]: { ...run.feeds[feed], resume } };
    await deps.checkpoints.save({ ...checkpoint, feeds });
    run.saved = feeds;
    await deps.onStep?.('resume-saved');
  };
  for (const feed of FEEDS) {
    const state = run.feeds[feed] ?? {};
    if (
      feed === 'schedule_updated_after' &&
      run.feeds.updated_after?.cursor === undefined
    ) {
      run.describe(feed, 'waiting', state);
      continue;
    }
    if (deps.now() >= settings.deadline) {
      run.describe(feed, 'not_started', state);
      continue;
    }
    run.current = feed;
    const result = await runFeedPass(
      { ...settings, feed, state },
      { ...deps, counters: run.counters, saveResumePoint },
    );
    run.current = undefined;
    run.feeds[feed] = result.state;
    run.describe(feed, result.outcome, result.state, result.lagSeconds);
    const backfilled =
      state.cursor === undefined && result.state.cursor !== undefined;
    if (feed === 'updated_after' && backfilled) {
      run.feeds.schedule_updated_after ??= { cursor: result.state.cursor };
    }
  }
}

/** A run that failed, with what it had done before the failure. */
export class RunFailedError extends SyncError {
  constructor(
    readonly summary: RunSummary,
    cause: unknown,
  ) {
    super(errorMessage(cause), { cause });
  }
}

class RunState {
  readonly counters = emptyCounters();
  feeds: Partial<Record<Feed, FeedState>> = {};
  /** The feeds as last saved in the checkpoint parameter. */
  saved: Partial<Record<Feed, FeedState>> = {};
  /** The feed whose pass is running. */
  current: Feed | undefined;
  private readonly summaries = {} as Record<Feed, FeedSummary>;
  private readonly lags: number[] = [];

  constructor(private readonly startedAt: number) {}

  describe(
    feed: Feed,
    pass: FeedSummary['pass'],
    state: FeedState,
    lag?: number,
  ): void {
    this.summaries[feed] = {
      pass,
      cursor: state.cursor ?? null,
      resume_page: state.resume === undefined ? null : state.resume.pages + 1,
    };
    if (lag !== undefined) {
      this.lags.push(lag);
    }
  }

  /** Describes the feed whose pass was running as failed. */
  failCurrent(): void {
    if (this.current !== undefined) {
      this.describe(this.current, 'failed', this.saved[this.current] ?? {});
    }
  }

  /** Completed when every feed finished a pass, drifted or not. */
  outcome(): RunOutcome {
    const passes = Object.values(this.summaries).map((feed) => feed.pass);

    return passes.every((pass) => pass === 'completed' || pass === 'drifted')
      ? 'completed'
      : 'resumable';
  }

  summarize(outcome: RunSummary['outcome'], now: number): RunSummary {
    return {
      outcome,
      started_at: new Date(this.startedAt).toISOString(),
      duration_ms: now - this.startedAt,
      ...this.counters,
      feeds: this.summaries,
      // A failed run leaves what it saved last, not what it had reached.
      checkpoint: outcome === 'failed' ? this.saved : this.feeds,
      checkpoint_lag_seconds:
        this.lags.length > 0 ? Math.max(...this.lags) : null,
    };
  }
}

/** Returns the part of the summary kept in the checkpoint, small enough for SSM. */
function lastRunRecord(summary: RunSummary): Record<string, unknown> {
  const {
    checkpoint: _checkpoint,
    events_by_status: _byStatus,
    ...rest
  } = summary;

  return rest;
}
