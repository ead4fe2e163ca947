import type { Writable } from 'node:stream';
import { isTerminal, type MaybeTerminal } from '../io';

/** Shortest time between two redraws of the progress line. */
const REDRAW_INTERVAL_MS = 250;

/** A progress line on a stream, silent unless the stream is a terminal. */
export interface Progress {
  update(text: string): void;
  /** Erases the line, so that later output starts on a clean line. */
  clear(): void;
}

export function createProgress(stream: Writable & MaybeTerminal): Progress {
  if (!isTerminal(stream)) {
    return { update: () => {}, clear: () => {} };
  }
  let drawnAt = 0;
  let drawn = false;

  return {
    update(text) {
      const now = Date.now();
      if (now - drawnAt < REDRAW_INTERVAL_MS) {
        return;
      }
      drawnAt = now;
      drawn = true;
      // Carriage return, then erase to the end of the line.
      stream.write(`\r\u001b[K${text}`);
    },
    clear() {
      if (drawn) {
        stream.write('\r\u001b[K');
        drawn = false;
      }
    },
  };
}
