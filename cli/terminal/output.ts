import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes text and, when the stream's buffer is full, waits until it drains,
 * so a slow reader such as a pipe to gzip slows the producer down instead
 * of filling memory.
 */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) {
    await once(stream, 'drain');
  }
}

/** Formats a count with thousands separators: 42,889. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Formats a count and its noun: "1 record", "1,234 records". */
export function formatQuantity(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Formats a duration in seconds as its two largest units: "2 hours 5 minutes". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(Math.abs(totalSeconds));
  const units: [string, number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [name, size] of units) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 && parts.length < 2) {
      parts.push(`${amount} ${name}${amount === 1 ? '' : 's'}`);
    } else if (parts.length > 0) {
      break;
    }
  }

  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

/** Describes how long ago an instant was: "5 minutes ago". */
export function formatAge(ageSeconds: number): string {
  return ageSeconds < 0
    ? `${formatDuration(ageSeconds)} ahead of this machine's clock`
    : `${formatDuration(ageSeconds)} ago`;
}
