import {
  type Checkpoint,
  FEEDS,
  type Feed,
  type ResumePoint,
} from '../../lambda/checkpoint';
import { fromSourceTimestamp } from '../../lambda/source-time';

/** The state of one feed, as `status --json` prints it. */
export interface FeedStatus {
  /** Source time up to which the feed is stored, null before its first pass. */
  readonly cursor: string | null;
  /** Seconds from the cursor to now, negative when it is ahead of this clock. */
  readonly cursor_age_seconds: number | null;
  /** Resume point of an unfinished pass, with `next_page` counting from 1. */
  readonly resume: (ResumePoint & { readonly next_page: number }) | null;
}

/** Report of `status`, and the shape of `status --json`. */
export interface StatusReport {
  readonly checkpoint_parameter: string;
  readonly source_time_zone: string;
  readonly feeds: Record<Feed, FeedStatus>;
  /** Summary of the last run that saved the checkpoint, null if none did. */
  readonly last_run: Record<string, unknown> | null;
  readonly orders: {
    readonly table: string;
    /** DescribeTable ItemCount, which AWS updates about every six hours. */
    readonly approximate_count: number | null;
  };
  readonly rejected_records: {
    readonly table: string;
    readonly count: number;
  };
}

export function describeFeeds(
  checkpoint: Checkpoint,
  timeZone: string,
  now: Date,
): Record<Feed, FeedStatus> {
  const feeds = {} as Record<Feed, FeedStatus>;
  for (const feed of FEEDS) {
    const state = checkpoint.feeds[feed] ?? {};
    const cursor = state.cursor ?? null;
    const resume = state.resume;
    feeds[feed] = {
      cursor,
      cursor_age_seconds:
        cursor === null
          ? null
          : Math.round(
              (now.getTime() -
                fromSourceTimestamp(cursor, timeZone).getTime()) /
                1000,
            ),
      resume:
        resume === undefined
          ? null
          : { ...resume, next_page: resume.pages + 1 },
    };
  }

  return feeds;
}
