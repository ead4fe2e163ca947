import type { Readable, Writable } from 'node:stream';

/** A stream that may be a terminal, as the process's own streams may. */
export interface MaybeTerminal {
  isTTY?: boolean;
}

/**
 * The streams, environment and clock of one command, passed in so that
 * tests run commands in-process with their own.
 */
export interface CliIo {
  readonly stdin: Readable & MaybeTerminal;
  readonly stdout: Writable & MaybeTerminal;
  readonly stderr: Writable & MaybeTerminal;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
  };
}

export function isTerminal(stream: MaybeTerminal): boolean {
  return stream.isTTY === true;
}
