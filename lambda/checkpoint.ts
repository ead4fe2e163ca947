import { ConfigurationError } from './errors';
import { isPlainObject } from './json';
import { isSourceTimestamp } from './source-time';

/** The two filters of the orders API, each read as its own feed. */
export const FEEDS = ['updated_after', 'schedule_updated_after'] as const;
export type Feed = (typeof FEEDS)[number];

/**
 * Position of an unfinished pass: the next page to fetch and what the pass
 * had seen when it stopped.
 */
export interface ResumePoint {
  /** Lower bound of the pass, source time. */
  readonly since: string;
  /** URL of the next page, already checked against the API origin. */
  readonly next: string;
  /** `count` of the first page, to notice data shifting between runs. */
  readonly count: number;
  /** Cursor the feed gets when this pass completes, source time. */
  readonly pass_cursor: string;
  readonly pages: number;
  /** Whether the pass already saw the source shift under it. */
  readonly drifted: boolean;
}

export interface FeedState {
  /** Source time up to which every change of the feed is stored. */
  readonly cursor?: string;
  readonly resume?: ResumePoint;
}

/**
 * The JSON in the checkpoint parameter. `{}` means never synced. Cursors are
 * in the source's clock and zone, as `YYYY-MM-DD HH:MM:SS`.
 */
export interface Checkpoint {
  readonly feeds: Partial<Record<Feed, FeedState>>;
  /** Summary of the last run that saved the checkpoint. */
  readonly last_run?: Record<string, unknown>;
}

/** Parses and validates the parameter's value; errors name the parameter. */
export function parseCheckpoint(
  text: string,
  parameterName: string,
): Checkpoint {
  const invalid = (detail: string) =>
    new ConfigurationError(
      `Checkpoint parameter ${parameterName} is invalid: ${detail}. Fix it, or set it to {} to sync again from INITIAL_SYNC_START.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (!isPlainObject(value)) {
    throw invalid('not a JSON object');
  }
  const feeds = value.feeds ?? {};
  if (!isPlainObject(feeds)) {
    throw invalid('feeds is not an object');
  }
  for (const feed of FEEDS) {
    const problem = findFeedProblem(feeds[feed]);
    if (problem !== undefined) {
      throw invalid(`feeds.${feed}: ${problem}`);
    }
  }

  return { ...value, feeds } as unknown as Checkpoint;
}

function findFeedProblem(state: unknown): string | undefined {
  if (state === undefined) {
    return undefined;
  }
  if (!isPlainObject(state)) {
    return 'not an object';
  }
  if (state.cursor !== undefined && !isSourceTimestamp(state.cursor)) {
    return `cursor ${JSON.stringify(state.cursor)} is not YYYY-MM-DD HH:MM:SS`;
  }
  const resume = state.resume;
  if (resume === undefined) {
    return undefined;
  }
  if (
    !isPlainObject(resume) ||
    !isSourceTimestamp(resume.since) ||
    !isSourceTimestamp(resume.pass_cursor) ||
    typeof resume.next !== 'string' ||
    !Number.isSafeInteger(resume.count) ||
    !Number.isSafeInteger(resume.pages) ||
    typeof resume.drifted !== 'boolean'
  ) {
    return 'resume is not a valid resume point (delete it to restart the pass)';
  }

  return undefined;
}
