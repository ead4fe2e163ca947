import { setTimeout as delay } from 'node:timers/promises';

export type Sleep = (ms: number) => Promise<void>;

/** Waits on a real timer; tests hand in their own `Sleep`. */
export const realSleep: Sleep = async (ms) => {
  await delay(ms);
};

/**
 * Returns the wait before retry number `attempt` (1 for the first retry):
 * exponential growth from `baseMs`, capped at `capMs`, with full jitter so
 * that many clients retrying at once spread out.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));

  return Math.round(random() * ceiling);
}
