import type { Checkpoint, Feed, FeedState } from '../../lambda/checkpoint';

/** A feed whose cursor the backfill moves back. */
export interface CursorMove {
  readonly feed: Feed;
  readonly from: string;
  readonly to: string;
  /** Page where the dropped resume point would have continued. */
  readonly droppedResumePage: number | undefined;
}

/** A feed the backfill leaves as it is, and why. */
export interface FeedSkip {
  readonly feed: Feed;
  readonly reason: string;
}

export interface BackfillPlan {
  readonly moves: CursorMove[];
  readonly skips: FeedSkip[];
  /** The checkpoint to save, with `last_run` and the other feeds unchanged. */
  readonly checkpoint: Checkpoint;
}

/**
 * Plans moving the cursors of `feeds` back to `since` (source time) and
 * dropping their resume points, so the next pass reads from there. A cursor
 * only moves back: moving it forward would skip changes. A feed with no
 * cursor has not finished its first pass, which already reads from
 * INITIAL_SYNC_START, so it stays too.
 */
export function planBackfill(
  checkpoint: Checkpoint,
  feeds: readonly Feed[],
  since: string,
): BackfillPlan {
  const moves: CursorMove[] = [];
  const skips: FeedSkip[] = [];
  const nextFeeds: Partial<Record<Feed, FeedState>> = { ...checkpoint.feeds };
  for (const feed of feeds) {
    const state = checkpoint.feeds[feed] ?? {};
    const cursor = state.cursor;
    if (cursor === undefined) {
      skips.push({
        feed,
        reason:
          'it has not finished its first pass, which reads from INITIAL_SYNC_START',
      });
    } else if (since > cursor) {
      skips.push({
        feed,
        reason: `its cursor ${cursor} is before ${since}, and a backfill only moves a cursor back`,
      });
    } else {
      moves.push({
        feed,
        from: cursor,
        to: since,
        droppedResumePage:
          state.resume === undefined ? undefined : state.resume.pages + 1,
      });
      nextFeeds[feed] = { cursor: since };
    }
  }

  return { moves, skips, checkpoint: { ...checkpoint, feeds: nextFeeds } };
}
