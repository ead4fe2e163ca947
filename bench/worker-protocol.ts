import type { RunSummary } from '../lambda/sync/run';

/** One request of the sync to the Tripster API, timed by the worker. */
export interface ApiRequestRecord {
  readonly method: string;
  /** `updated_after`, `schedule_updated_after`, or null for the token. */
  readonly feed: string | null;
  readonly page: number;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly start: number;
  /** When the response headers arrived. */
  readonly end: number;
}

/** What the worker measured during one `SyncApp.run`. */
export interface RunMeasurement {
  readonly start: number;
  readonly end: number;
  /** The run summary; a failed run has its partial summary, if any. */
  readonly summary: RunSummary | null;
  readonly error: string | null;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Share of the run during which the event loop was busy, 0 to 1. */
  readonly eventLoopUtilization: number;
  /** Peak RSS of the worker process since it started. */
  readonly maxRssBytes: number;
  readonly rssAfterBytes: number;
  readonly heapUsedAfterBytes: number;
  readonly apiRequests: readonly ApiRequestRecord[];
  /** Waits that the sync asked for before retries, in ms. */
  readonly sleepsMs: readonly number[];
}

export type WorkerCommand =
  | { readonly type: 'run'; readonly remainingTimeMs: number }
  | { readonly type: 'stop' };

export type WorkerMessage =
  | {
      readonly type: 'ready';
      readonly rssBytes: number;
      readonly heapUsedBytes: number;
    }
  | { readonly type: 'measured'; readonly run: RunMeasurement };
