import { describe, expect, it } from 'vitest';
import {
  addSeconds,
  fromSourceTimestamp,
  isKnownTimeZone,
  isSourceTimestamp,
  toSourceTimestamp,
} from '../../lambda/source-time';

describe('isSourceTimestamp', () => {
  it.each([
    '2019-06-20 09:16:10',
    '2024-02-29 00:00:00',
    '2023-12-31 23:59:59',
    '1970-01-01 00:00:00',
    '9999-12-31 23:59:59',
  ])('accepts %s', (value) => {
    expect(isSourceTimestamp(value)).toBe(true);
  });

  it.each([
    ['an impossible day', '2023-02-30 10:00:00'],
    ['Feb 29 of a common year', '2023-02-29 10:00:00'],
    ['month 13', '2023-13-01 10:00:00'],
    ['month 0', '2023-00-10 10:00:00'],
    ['day 0', '2023-01-00 10:00:00'],
    ['hour 24', '2023-01-01 24:00:00'],
    ['minute 60', '2023-01-01 10:60:00'],
    ['a leap second', '2016-12-31 23:59:60'],
    ['a T separator', '2019-06-20T09:16:10'],
    ['a zone suffix', '2019-06-20 09:16:10Z'],
    ['fractional seconds', '2019-06-20 09:16:10.123'],
    ['no seconds', '2019-06-20 09:16'],
    ['a date alone', '2019-06-20'],
    ['single-digit fields', '2019-6-20 9:16:10'],
    ['surrounding spaces', ' 2019-06-20 09:16:10 '],
    ['an empty string', ''],
  ])('rejects %s', (_case, value) => {
    expect(isSourceTimestamp(value)).toBe(false);
  });

  it.each([
    ['a number', 1_560_000_000],
    ['null', null],
    ['undefined', undefined],
    ['a Date', new Date('2019-06-20T09:16:10Z')],
    ['an array', ['2019-06-20 09:16:10']],
  ])('rejects %s', (_case, value) => {
    expect(isSourceTimestamp(value)).toBe(false);
  });
});

describe('toSourceTimestamp', () => {
  it.each([
    ['2019-06-20T06:16:10Z', '2019-06-20 09:16:10'],
    ['2024-01-31T21:30:00Z', '2024-02-01 00:30:00'],
    ['2023-12-31T21:00:00Z', '2024-01-01 00:00:00'],
    ['2024-07-01T12:00:00Z', '2024-07-01 15:00:00'],
  ])('writes %s in Moscow as %s', (instant, expected) => {
    const timestamp = toSourceTimestamp(new Date(instant), 'Europe/Moscow');

    expect(timestamp).toBe(expected);
  });

  it.each([
    ['2024-03-10T06:59:59Z', '2024-03-10 01:59:59'],
    ['2024-03-10T07:00:00Z', '2024-03-10 03:00:00'],
    ['2024-11-03T05:30:00Z', '2024-11-03 01:30:00'],
    ['2024-11-03T06:30:00Z', '2024-11-03 01:30:00'],
    ['2024-11-03T07:00:00Z', '2024-11-03 02:00:00'],
  ])('writes %s in New York as %s', (instant, expected) => {
    const timestamp = toSourceTimestamp(new Date(instant), 'America/New_York');

    expect(timestamp).toBe(expected);
  });

  it('writes an instant in Tokyo nine hours ahead', () => {
    const instant = new Date('2024-12-31T15:00:00Z');

    const timestamp = toSourceTimestamp(instant, 'Asia/Tokyo');

    expect(timestamp).toBe('2025-01-01 00:00:00');
  });

  it('writes an instant in UTC unchanged', () => {
    const instant = new Date('2024-12-31T23:59:59Z');

    const timestamp = toSourceTimestamp(instant, 'UTC');

    expect(timestamp).toBe('2024-12-31 23:59:59');
  });

  it('drops milliseconds', () => {
    const instant = new Date('2024-05-01T10:00:00.999Z');

    const timestamp = toSourceTimestamp(instant, 'UTC');

    expect(timestamp).toBe('2024-05-01 10:00:00');
  });
});

describe('fromSourceTimestamp', () => {
  it.each([
    ['Europe/Moscow', '2019-06-20 09:16:10', '2019-06-20T06:16:10.000Z'],
    ['Europe/Moscow', '2024-02-01 01:30:00', '2024-01-31T22:30:00.000Z'],
    ['Europe/Moscow', '2024-01-01 02:59:59', '2023-12-31T23:59:59.000Z'],
    ['Asia/Tokyo', '2025-01-01 08:00:00', '2024-12-31T23:00:00.000Z'],
    ['UTC', '2024-12-31 23:59:59', '2024-12-31T23:59:59.000Z'],
    ['America/New_York', '2024-03-10 01:59:59', '2024-03-10T06:59:59.000Z'],
    ['America/New_York', '2024-03-10 03:30:00', '2024-03-10T07:30:00.000Z'],
    ['America/New_York', '2024-11-03 02:30:00', '2024-11-03T07:30:00.000Z'],
    ['America/New_York', '2024-12-31 20:00:00', '2025-01-01T01:00:00.000Z'],
    ['Europe/Berlin', '2024-03-31 01:30:00', '2024-03-31T00:30:00.000Z'],
    ['Europe/Berlin', '2024-03-31 03:30:00', '2024-03-31T01:30:00.000Z'],
  ])('reads %s %s as %s', (timeZone, timestamp, expected) => {
    const instant = fromSourceTimestamp(timestamp, timeZone);

    expect(instant.toISOString()).toBe(expected);
  });

  it('takes the earlier instant of a repeated hour', () => {
    const instant = fromSourceTimestamp(
      '2024-11-03 01:30:00',
      'America/New_York',
    );

    expect(instant.toISOString()).toBe('2024-11-03T05:30:00.000Z');
  });

  it.each([
    ['Europe/Moscow', '2023-12-31 23:30:00'],
    ['Europe/Moscow', '2024-01-01 00:30:00'],
    ['Europe/Moscow', '2024-02-29 02:00:00'],
    ['Asia/Tokyo', '2024-12-31 23:59:59'],
    ['Asia/Tokyo', '2025-01-01 08:59:59'],
    ['UTC', '2024-12-31 23:59:59'],
    ['America/New_York', '2024-03-10 01:00:00'],
    ['America/New_York', '2024-03-10 03:00:00'],
    ['America/New_York', '2024-11-03 02:00:00'],
    ['America/New_York', '2024-12-31 19:30:00'],
  ])('round trips %s %s', (timeZone, timestamp) => {
    const instant = fromSourceTimestamp(timestamp, timeZone);

    expect(toSourceTimestamp(instant, timeZone)).toBe(timestamp);
  });

  it('throws RangeError on a malformed timestamp', () => {
    expect(() =>
      fromSourceTimestamp('2019-06-20T09:16:10', 'Europe/Moscow'),
    ).toThrow(RangeError);
  });
});

describe('addSeconds', () => {
  it.each([
    ['2024-01-31 10:00:00', 0, '2024-01-31 10:00:00'],
    ['2024-01-31 23:59:30', 45, '2024-02-01 00:00:15'],
    ['2023-02-28 23:59:59', 1, '2023-03-01 00:00:00'],
    ['2024-02-28 23:59:59', 1, '2024-02-29 00:00:00'],
    ['2024-04-30 23:00:00', 3600, '2024-05-01 00:00:00'],
    ['2024-12-31 23:59:59', 1, '2025-01-01 00:00:00'],
    ['2024-12-31 12:00:00', 86_400, '2025-01-01 12:00:00'],
    ['2025-01-01 00:04:00', -300, '2024-12-31 23:59:00'],
    ['2024-03-01 00:00:00', -1, '2024-02-29 23:59:59'],
    ['2024-06-15 12:00:00', -86_400, '2024-06-14 12:00:00'],
  ])('moves %s by %i seconds to %s', (timestamp, seconds, expected) => {
    expect(addSeconds(timestamp, seconds)).toBe(expected);
  });

  it('ignores daylight saving time, being wall-clock arithmetic', () => {
    expect(addSeconds('2024-03-10 01:30:00', 3600)).toBe('2024-03-10 02:30:00');
  });

  it('throws RangeError on a malformed timestamp', () => {
    expect(() => addSeconds('2024-01-31', 60)).toThrow(RangeError);
  });
});

describe('isKnownTimeZone', () => {
  it.each([
    { timeZone: 'Europe/Moscow', known: true },
    { timeZone: 'America/New_York', known: true },
    { timeZone: 'UTC', known: true },
    { timeZone: 'Mars/Olympus', known: false },
    { timeZone: '', known: false },
  ])('returns $known for "$timeZone"', ({ timeZone, known }) => {
    expect(isKnownTimeZone(timeZone)).toBe(known);
  });
});
