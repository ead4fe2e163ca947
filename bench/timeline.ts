/** A span of time in epoch milliseconds, `start` <= `end`. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Returns the intervals merged into disjoint ones, sorted by start. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && interval.start <= last.end) {
      merged[merged.length - 1] = {
        start: last.start,
        end: Math.max(last.end, interval.end),
      };
    } else {
      merged.push(interval);
    }
  }

  return merged;
}

/** Returns the overlap of two sets of disjoint sorted intervals. */
export function intersect(
  a: readonly Interval[],
  b: readonly Interval[],
): Interval[] {
  const overlap: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i] as Interval;
    const right = b[j] as Interval;
    const start = Math.max(left.start, right.start);
    const end = Math.min(left.end, right.end);
    if (start < end) {
      overlap.push({ start, end });
    }
    if (left.end < right.end) {
      i++;
    } else {
      j++;
    }
  }

  return overlap;
}

/** Returns the total length of disjoint intervals, in ms. */
export function length(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, { start, end }) => sum + end - start, 0);
}

/** Returns the value at quantile `q` (0 to 1) of `values`, or 0 when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.floor(q * sorted.length));

  return sorted[index] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) {
    return sorted[middle] as number;
  }

  return sorted.length === 0
    ? 0
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
