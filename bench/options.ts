import { parseArgs } from 'node:util';

export const SCENARIOS = [
  'backfill',
  'incremental',
  'zero-latency',
  'prefetch',
  'instant-dynamodb',
  'memory',
  'cold-start',
] as const;

export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** Orders in the backfill scenarios. */
  readonly orderCount: number;
  readonly large: boolean;
  /** Simulated Tripster latency per orders request, in ms. */
  readonly latencyMs: number;
  /** PAGE_CONCURRENCY of the prefetch scenario. */
  readonly pageConcurrency: number;
  readonly scenarios: ReadonlySet<Scenario>;
  readonly cpuProfile: boolean;
  readonly closeAwsConnections: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: tsx bench/run.ts [options]

Runs the sync against the Tripster simulator and moto on 127.0.0.1 and
prints the results as tables and one JSON line on standard output; progress
goes to standard error. Results are also written to bench/results/.

Options:
  --large                 backfill 43,000 orders instead of 10,000, and
                          measure peak RSS at both sizes
  --orders N              backfill N orders (default 10,000; overrides
                          --large's size)
  --latency-ms L          simulated API latency per orders page, in ms
                          (default 150)
  --page-concurrency C    PAGE_CONCURRENCY of the prefetch scenario
                          (default 4)
  --only LIST             comma-separated scenarios to run (default all)
  --cpu-prof              write V8 CPU profiles of the workers and print
                          where their CPU time went
  --close-aws-connections pass moto's Connection: close to the AWS SDK, so
                          it opens a connection per request as it does
                          against moto directly
  --help                  print this text

Scenarios:
  backfill          N orders into an empty table at latency L
  incremental       runs on the account that backfill synced, reusing its
                    warm app: no change, status changes, other field
                    changes, reschedules
  zero-latency      the backfill with no API latency
  prefetch          the backfill with PAGE_CONCURRENCY=C
  instant-dynamodb  the backfill at L, at L with C, and at zero latency,
                    with DynamoDB's reads and writes answered by the
                    proxy instead of moto: the sync's own limit
  memory            peak RSS of zero-latency backfills of 10,000 orders,
                    and of 43,000 with --large, each in a fresh worker
  cold-start        size of the handler bundle and time to import it
`;

const DEFAULT_ORDERS = 10_000;
const LARGE_ORDERS = 43_000;

/** Options that take a number. */
const NUMBER_OPTIONS = ['--orders', '--latency-ms', '--page-concurrency'];

/**
 * Parses the command line; throws with the option's name and `--help`
 * when invalid.
 */
export function parseOptions(args: readonly string[]): BenchOptions {
  try {
    return readOptions(args);
  } catch (error) {
    const message = (error as Error).message.replace(/([^.])$/, '$1.');
    throw new RangeError(`${message} Run with --help to see the options.`);
  }
}

function readOptions(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: joinNegativeValues(args),
    options: {
      large: { type: 'boolean', default: false },
      orders: { type: 'string' },
      'latency-ms': { type: 'string', default: '150' },
      'page-concurrency': { type: 'string', default: '4' },
      only: { type: 'string', default: SCENARIOS.join(',') },
      'cpu-prof': { type: 'boolean', default: false },
      'close-aws-connections': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const large = values.large ?? false;
  const fallbackOrders = large ? LARGE_ORDERS : DEFAULT_ORDERS;

  return {
    orderCount:
      values.orders === undefined
        ? fallbackOrders
        : readInteger('--orders', values.orders, 1, 1_000_000),
    large,
    latencyMs: readInteger('--latency-ms', values['latency-ms'], 0, 10_000),
    pageConcurrency: readInteger(
      '--page-concurrency',
      values['page-concurrency'],
      1,
      16,
    ),
    scenarios: readScenarios(values.only ?? ''),
    cpuProfile: values['cpu-prof'] ?? false,
    closeAwsConnections: values['close-aws-connections'] ?? false,
    help: values.help ?? false,
  };
}

/**
 * Joins a number option with a negative value, as in `--orders -5`, into
 * `--orders=-5`, so that the value is checked instead of being read as an
 * option.
 */
function joinNegativeValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const next = args[index + 1];
    if (
      NUMBER_OPTIONS.includes(arg) &&
      next !== undefined &&
      /^-\d/.test(next)
    ) {
      joined.push(`${arg}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }

  return joined;
}

function readInteger(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value ?? '') || parsed < min || parsed > max) {
    throw new RangeError(
      `${name} is invalid: ${JSON.stringify(value)}. Use a whole number from ${min} to ${max}.`,
    );
  }

  return parsed;
}

function readScenarios(list: string): Set<Scenario> {
  const names = list.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!SCENARIOS.includes(name as Scenario)) {
      throw new RangeError(
        `--only is invalid: unknown scenario ${JSON.stringify(name)}. Use ${SCENARIOS.join(', ')}.`,
      );
    }
  }

  return new Set(names as Scenario[]);
}
