import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../lambda/backoff';

const BASE_MS = 100;
const CAP_MS = 1000;

describe('backoffDelayMs', () => {
  it.each([
    { attempt: 1, delayMs: 50 },
    { attempt: 2, delayMs: 100 },
    { attempt: 3, delayMs: 200 },
    { attempt: 4, delayMs: 400 },
    { attempt: 5, delayMs: 500 },
    { attempt: 6, delayMs: 500 },
    { attempt: 20, delayMs: 500 },
  ])(
    'waits $delayMs ms on retry $attempt at half jitter',
    ({ attempt, delayMs }) => {
      const delay = backoffDelayMs(attempt, BASE_MS, CAP_MS, () => 0.5);

      expect(delay).toBe(delayMs);
    },
  );

  it.each([
    { attempt: 1, ceiling: 100 },
    { attempt: 3, ceiling: 400 },
    { attempt: 4, ceiling: 800 },
    { attempt: 5, ceiling: 1000 },
    { attempt: 10, ceiling: 1000 },
  ])('waits up to $ceiling ms on retry $attempt', ({ attempt, ceiling }) => {
    const delay = backoffDelayMs(attempt, BASE_MS, CAP_MS, () => 0.999_999);

    expect(delay).toBe(ceiling);
  });

  it.each([1, 4, 10])(
    'waits zero on retry %i when random is zero',
    (attempt) => {
      expect(backoffDelayMs(attempt, BASE_MS, CAP_MS, () => 0)).toBe(0);
    },
  );

  it('stays within zero and the ceiling with real randomness', () => {
    const delays = Array.from({ length: 1000 }, (_, index) =>
      backoffDelayMs((index % 8) + 1, BASE_MS, CAP_MS),
    );

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(CAP_MS);
    expect(delays.every(Number.isInteger)).toBe(true);
  });

  it('spreads the waits of one retry', () => {
    const delays = Array.from({ length: 200 }, () =>
      backoffDelayMs(5, BASE_MS, CAP_MS),
    );

    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});
