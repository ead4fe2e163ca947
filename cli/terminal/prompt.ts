import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from '../errors';
import { type CliIo, isTerminal } from '../io';

interface Waiter {
  resolve(line: string): void;
  reject(error: Error): void;
}

/**
 * Asks questions on standard error and reads the answers from standard
 * input, one line each. Lines that arrive before their question, as when
 * two answers are pasted at once, wait in a queue instead of being lost.
 * The terminal echoes input only while a visible question waits for its
 * answer, so a secret pasted ahead of its question is not shown either.
 */
export class Prompter {
  private readonly lines: Interface;
  private readonly queued: string[] = [];
  private readonly waiters: Waiter[] = [];
  private muted = true;
  private closed = false;

  constructor(private readonly io: CliIo) {
    // Prompts and the terminal's echo go through here, dropped while muted.
    const output = new Writable({
      write: (chunk, _encoding, callback) => {
        if (!this.muted) {
          io.stderr.write(chunk);
        }
        callback();
      },
    });
    this.lines = createInterface({
      input: io.stdin,
      output,
      terminal: isTerminal(io.stdin),
    });
    this.lines.on('line', (line) => this.receive(line));
    this.lines.on('SIGINT', () => {
      io.stderr.write('\n');
      this.lines.close();
    });
    this.lines.on('close', () => this.cancel());
  }

  line(question: string): Promise<string> {
    this.muted = false;
    this.lines.setPrompt(question);
    this.lines.prompt();

    return this.next();
  }

  /** Asks for a secret without echoing what is typed. */
  async secret(question: string): Promise<string> {
    this.io.stderr.write(question);
    this.muted = true;
    this.lines.setPrompt('');
    try {
      return await this.next();
    } finally {
      this.io.stderr.write('\n');
    }
  }

  close(): void {
    this.lines.close();
  }

  private next(): Promise<string> {
    const line = this.queued.shift();
    if (line !== undefined) {
      return Promise.resolve(line);
    }
    if (this.closed) {
      return Promise.reject(cancelled());
    }

    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
    });
  }

  private receive(line: string): void {
    // Readline emits the line before it reads on, so what follows is muted.
    this.muted = true;
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.queued.push(line);
    } else {
      waiter.resolve(line);
    }
  }

  private cancel(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.reject(cancelled());
    }
  }
}

function cancelled(): UsageError {
  return new UsageError('Cancelled before a response was entered.');
}

/** Asks a yes or no question. Anything but y or yes is no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const prompter = new Prompter(io);
  try {
    const answer = await prompter.line(`${question} [y/N] `);

    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    prompter.close();
  }
}
