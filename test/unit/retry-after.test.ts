import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../lambda/tripster/retry-after';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const CAP_MS = 60_000;

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['1', 1000],
    ['30', 30_000],
    [' 5 ', 5000],
    ['60', 60_000],
  ])('reads %j seconds as %i ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW, CAP_MS)).toBe(expected);
  });

  it('reads an HTTP date in the future as the wait until it', () => {
    const header = 'Wed, 01 May 2024 12:00:20 GMT';

    expect(parseRetryAfter(header, NOW, CAP_MS)).toBe(20_000);
  });

  it('waits zero for an HTTP date in the past', () => {
    const header = 'Wed, 01 May 2024 11:59:00 GMT';

    expect(parseRetryAfter(header, NOW, CAP_MS)).toBe(0);
  });

  it.each([
    ['seconds', '3600'],
    ['a huge number of seconds', '99999999999999999999999'],
    ['an HTTP date', 'Thu, 02 May 2024 12:00:00 GMT'],
  ])('caps a wait given in %s', (_case, header) => {
    expect(parseRetryAfter(header, NOW, CAP_MS)).toBe(CAP_MS);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['blank', '   '],
    ['a word', 'soon'],
    ['seconds with a unit', '5s'],
    ['digits then letters', '12abc'],
  ])('returns undefined for %s', (_case, header) => {
    expect(parseRetryAfter(header, NOW, CAP_MS)).toBeUndefined();
  });
});
