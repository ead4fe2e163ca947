import { PassThrough, type Writable } from 'node:stream';
import type { CliIo } from '../../cli/io';
import { main } from '../../cli/main';

/** What one command printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The command's whole environment, with nothing from process.env. */
  readonly env?: Record<string, string | undefined>;
  /** Text on standard input, which is not a terminal and then ends. */
  readonly input?: string;
  /** Lines typed on a terminal, which standard input then is. */
  readonly typed?: readonly string[];
  readonly stdoutIsTerminal?: boolean;
  readonly stderrIsTerminal?: boolean;
  /** A standard output of the test's own, such as a slow reader. */
  readonly stdout?: Writable;
  readonly now?: Date;
}

/** Runs `tripster-sync` in this process with streams that the test reads. */
export async function runCli(
  argv: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  const stdout = capture(options.stdoutIsTerminal);
  const stderr = capture(options.stderrIsTerminal);
  if (options.typed !== undefined) {
    stdin.isTTY = true;
    stdin.write(options.typed.map((line) => `${line}\n`).join(''));
  } else {
    stdin.end(options.input ?? '');
  }
  const io: CliIo = {
    stdin,
    stdout: options.stdout ?? stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    now: () => options.now ?? new Date(),
  };

  const code = await main(argv, io);

  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function capture(isTerminal = false): {
  stream: PassThrough & { isTTY?: boolean };
  text: () => string;
} {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = isTerminal;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));

  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
