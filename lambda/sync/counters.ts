/** Counts of one run, reported in the summary line and as metrics. */
export interface RunCounters {
  pages_fetched: number;
  orders_fetched: number;
  orders_written: number;
  orders_unchanged: number;
  /** Fetched records older than what the table holds, so not written. */
  orders_stale: number;
  orders_rejected: number;
  events_published: number;
  /** Status-change events published, by the new status. */
  events_by_status: Record<string, number>;
}

export function emptyCounters(): RunCounters {
  return {
    pages_fetched: 0,
    orders_fetched: 0,
    orders_written: 0,
    orders_unchanged: 0,
    orders_stale: 0,
    orders_rejected: 0,
    events_published: 0,
    events_by_status: {},
  };
}
