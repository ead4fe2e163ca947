import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { AppOverrides } from '../../lambda/app';
import { createHandler } from '../../lambda/handler';
import type { RunSummary } from '../../lambda/sync/run';
import {
  createFetchTap,
  type FetchTap,
  type FetchTapOptions,
} from './fetch-tap';
import { type PublishedEvent, recordPublishedEvents } from './published-events';
import { SECRET, type World } from './world';

/** One invocation of the real handler, with what it printed. */
export interface HandledRun {
  readonly summary: RunSummary | undefined;
  readonly error: Error | undefined;
  /** Everything written to stdout, stderr or the console during the run. */
  readonly output: string;
  readonly tap: FetchTap;
  /** Events that SNS accepted during the run. */
  readonly events: PublishedEvent[];
}

export interface HandledRunOptions {
  readonly env?: Record<string, string>;
  readonly overrides?: AppOverrides;
  readonly tap?: FetchTapOptions;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Runs the sync through `createHandler`, so the handler's own logging is
 * included, and collects every text that leaves the process: output,
 * errors with their causes and stacks, summaries, events and the
 * checkpoint. Events are read as SNS accepted them, which is faster than
 * draining the subscribed queue. `expectNoSecrets` then looks for the partner secret and for
 * every token the source handed out.
 */
export class LeakWatch {
  private readonly texts: string[] = [];
  private readonly tokens = new Set<string>();
  private readonly published: PublishedEvent[] = [];

  constructor(private readonly world: World) {}

  /** Runs one cold invocation; never throws for a failed run. */
  async run(options: HandledRunOptions = {}): Promise<HandledRun> {
    const tap = createFetchTap(options.tap);
    const overrides = { ...options.overrides, fetch: tap.fetch };
    const handler = createHandler(() =>
      this.world.createApp(options.env, overrides),
    );
    const output: string[] = [];
    const recorder = recordPublishedEvents();
    const restore = captureOutput(output);
    let summary: RunSummary | undefined;
    let error: Error | undefined;
    try {
      summary = await handler({}, { getRemainingTimeInMillis: () => 900_000 });
    } catch (thrown) {
      error = thrown as Error;
    } finally {
      restore();
      recorder.restore();
    }
    this.published.push(...recorder.events);
    for (const event of recorder.events) {
      this.texts.push(event.raw, JSON.stringify(event.attributes));
    }
    for (const token of tap.tokens) {
      this.tokens.add(token);
    }
    this.texts.push(output.join(''), JSON.stringify(summary ?? null));
    if (error !== undefined) {
      this.texts.push(describeError(error));
    }

    return {
      summary,
      error,
      output: output.join(''),
      tap,
      events: recorder.events,
    };
  }

  /** Returns every event that SNS accepted in the runs so far. */
  events(): readonly PublishedEvent[] {
    return this.published;
  }

  /** Adds a text that must not carry a secret either. */
  include(text: string): void {
    this.texts.push(text);
  }

  /**
   * Fails when the secret or a token appears in anything collected. Unless
   * `tokenIssued` is false, at least one token must have been handed out,
   * so that the check looked for something.
   */
  async expectNoSecrets({ tokenIssued = true } = {}): Promise<void> {
    this.texts.push(JSON.stringify(await this.world.checkpoint()));
    const everything = this.texts.join('\n');
    if (tokenIssued) {
      expect(this.tokens.size, 'no token was handed out').toBeGreaterThan(0);
    }
    expect(everything.includes(SECRET), 'the secret leaked').toBe(false);
    for (const token of this.tokens) {
      expect(everything.includes(token), 'a token leaked').toBe(false);
    }
  }
}

/** Message, stack and every cause of an error, as a reader would see them. */
export function describeError(error: unknown): string {
  return inspect(error, { depth: 10 });
}

function captureOutput(output: string[]): () => void {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  for (const stream of streams) {
    stream.write = capture as typeof stream.write;
  }
  const consoleMethods = CONSOLE_METHODS.map((name) => console[name]);
  for (const name of CONSOLE_METHODS) {
    console[name] = (...args: unknown[]) => {
      output.push(`${args.map((arg) => inspect(arg)).join(' ')}\n`);
    };
  }

  return () => {
    streams.forEach((stream, index) => {
      stream.write = writes[index] as typeof stream.write;
    });
    CONSOLE_METHODS.forEach((name, index) => {
      console[name] = consoleMethods[index] as (typeof console)[typeof name];
    });
  };
}
