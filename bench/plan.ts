import { errorMessage } from '../lambda/errors';
import type { BenchContext } from './context';
import type { MachineDescription } from './machine';
import type { BenchOptions } from './options';
import {
  type BackfillResult,
  type BackfillSettings,
  runBackfill,
} from './scenarios/backfill';
import { type ColdStartResult, runColdStart } from './scenarios/cold-start';
import { type IncrementalRun, runIncremental } from './scenarios/incremental';

/** Sizes whose peak RSS the memory scenario compares. */
const SMALL_BACKFILL = 10_000;
const LARGE_BACKFILL = 43_000;

/** Results of the scenarios that have run so far. */
export interface Measurements {
  machine: MachineDescription | null;
  backfills: BackfillResult[];
  incremental: IncrementalRun[];
  coldStart: ColdStartResult | null;
  errors: string[];
}

/**
 * Runs the scenarios that the options select, one at a time. A scenario
 * that fails adds its error to the measurements, and the others still run.
 */
export class ScenarioPlan {
  constructor(
    private readonly context: BenchContext,
    private readonly options: BenchOptions,
    private readonly measured: Measurements,
  ) {}

  async run(): Promise<void> {
    const wanted = this.options.scenarios;
    const { orderCount, latencyMs, pageConcurrency } = this.options;
    if (wanted.has('backfill') || wanted.has('incremental')) {
      await this.attempt('backfill', () => this.backfillAndIncremental());
    }
    if (wanted.has('zero-latency')) {
      await this.attempt('zero-latency', () =>
        this.backfill(orderCount, 0, 1, 'moto'),
      );
    }
    if (wanted.has('prefetch')) {
      await this.attempt('prefetch', () =>
        this.backfill(orderCount, latencyMs, pageConcurrency, 'moto'),
      );
    }
    if (wanted.has('instant-dynamodb')) {
      await this.attempt('instant-dynamodb', async () => {
        await this.backfill(orderCount, latencyMs, 1, 'instant');
        await this.backfill(orderCount, latencyMs, pageConcurrency, 'instant');
        await this.backfill(orderCount, 0, 1, 'instant');
      });
    }
    if (wanted.has('memory')) {
      await this.memory();
    }
    if (wanted.has('cold-start')) {
      await this.attempt('cold-start', async () => {
        this.context.progress('cold start: building and importing the bundle');
        this.measured.coldStart = runColdStart(this.context.outputDir);
      });
    }
  }

  /** Backfills, then runs the incremental runs on the same warm app. */
  private async backfillAndIncremental(): Promise<void> {
    const settings: BackfillSettings = {
      orderCount: this.options.orderCount,
      latencyMs: this.options.latencyMs,
      pageConcurrency: 1,
      dynamoDb: 'moto',
    };
    const incremental = this.options.scenarios.has('incremental');
    const result = await runBackfill(
      this.context,
      settings,
      incremental
        ? (worker, fixture) =>
            this.attempt('incremental', async () => {
              this.measured.incremental = await runIncremental(
                this.context,
                worker,
                fixture,
              );
            })
        : undefined,
    );
    this.measured.backfills.push(result);
  }

  /**
   * Backfills at zero latency, each size in a fresh worker, unless another
   * scenario already did. Without --large only 10,000 orders are measured.
   */
  private async memory(): Promise<void> {
    const sizes = this.options.large
      ? [SMALL_BACKFILL, LARGE_BACKFILL]
      : [SMALL_BACKFILL];
    for (const size of sizes) {
      const done = this.measured.backfills.some(
        ({ settings }) =>
          settings.dynamoDb === 'moto' &&
          settings.orderCount === size &&
          settings.latencyMs === 0 &&
          settings.pageConcurrency === 1,
      );
      if (!done) {
        await this.attempt(`memory ${size}`, () =>
          this.backfill(size, 0, 1, 'moto'),
        );
      }
    }
  }

  private async backfill(
    orderCount: number,
    latencyMs: number,
    pageConcurrency: number,
    dynamoDb: BackfillSettings['dynamoDb'],
  ): Promise<void> {
    const settings = { orderCount, latencyMs, pageConcurrency, dynamoDb };
    this.measured.backfills.push(await runBackfill(this.context, settings));
  }

  private async attempt(
    name: string,
    action: () => Promise<void>,
  ): Promise<void> {
    if (this.context.signal.aborted) {
      return;
    }
    try {
      await action();
    } catch (error) {
      // An interrupt fails the scenario in flight, which is no result.
      if (this.context.signal.aborted) {
        return;
      }
      this.measured.errors.push(`${name}: ${errorMessage(error)}`);
      this.context.progress(`${name} failed: ${errorMessage(error)}`);
    }
  }
}
