import type { MachineDescription } from './machine';
import type { BenchOptions } from './options';
import type { ProfileSummary } from './profile-summary';
import type { BackfillResult } from './scenarios/backfill';
import type { ColdStartResult } from './scenarios/cold-start';
import type { IncrementalRun } from './scenarios/incremental';

/** One target, its measured value and whether the value meets it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** Null when the scenario behind the target did not run. */
  readonly met: boolean | null;
}

/** Everything one benchmark run measured: the JSON record. */
export interface BenchResult {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly command: string;
  readonly options: Omit<BenchOptions, 'scenarios'> & { scenarios: string[] };
  readonly machine: MachineDescription | null;
  /**
   * 1, 5 and 15 minute load averages when the benchmark started and ended.
   * The benchmark keeps about 3 processes busy (worker, moto, this one), so
   * a higher load means other work competed for the cores.
   */
  readonly loadAverage: { readonly start: number[]; readonly end: number[] };
  readonly backfills: BackfillResult[];
  readonly incremental: IncrementalRun[];
  readonly coldStart: ColdStartResult | null;
  readonly targets: TargetCheck[];
  readonly profiles: ProfileSummary[];
  /** Scenarios that crashed, with the error. */
  readonly errors: string[];
}
