/**
 * Returns the wall-clock time in epoch milliseconds with sub-millisecond
 * precision. The benchmark process and its workers stamp events with it,
 * so their timelines line up on one machine.
 */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
