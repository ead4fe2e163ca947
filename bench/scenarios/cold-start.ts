import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cdkEsbuildArguments, runEsbuild } from '../bundle';
import { preciseNow } from '../clock';
import { median } from '../timeline';

const IMPORT_RUNS = 9;

/** Script run by `node -e` in a fresh process: times one dynamic import. */
const IMPORT_SCRIPT = `
const start = performance.now();
await import(process.env.BENCH_MODULE_URL);
const importMs = performance.now() - start;
process.stdout.write(JSON.stringify({ importMs, rssBytes: process.memoryUsage().rss }));
`;

export interface ImportTiming {
  /** Median time of the `import()` inside the process, in ms. */
  readonly medianImportMs: number;
  /** Median time from spawning `node` until it exited, in ms. */
  readonly medianProcessMs: number;
  readonly medianRssBytes: number;
  readonly importMs: number[];
}

export interface ColdStartResult {
  readonly command: string;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Bytes of the minified output that each package contributes. */
  readonly bytesByPackage: Record<string, number>;
  readonly handler: ImportTiming;
  readonly emptyModule: ImportTiming;
  readonly runs: number;
}

/**
 * Builds the handler bundle as `cdk deploy` does and times its import in
 * fresh processes, beside the import of an empty module.
 */
export function runColdStart(outputDir: string): ColdStartResult {
  const bundleDir = join(outputDir, 'bundle');
  mkdirSync(bundleDir, { recursive: true });
  const bundle = join(bundleDir, 'index.mjs');
  // The metafile lists what the bundle holds; it does not change the output.
  const args = cdkEsbuildArguments('lambda/handler.ts', bundle, [
    `--metafile=${join(bundleDir, 'meta.json')}`,
  ]);
  runEsbuild(args);
  const empty = join(bundleDir, 'empty.mjs');
  writeFileSync(empty, '');
  const handlerRuns: Sample[] = [];
  const emptyRuns: Sample[] = [];
  for (let run = 0; run < IMPORT_RUNS; run++) {
    handlerRuns.push(timeImport(bundle));
    emptyRuns.push(timeImport(empty));
  }

  return {
    command: `esbuild ${args.map(quoteArgument).join(' ')}`,
    bundleBytes: statSync(bundle).size,
    sourceMapBytes: statSync(`${bundle}.map`).size,
    bytesByPackage: bytesByPackage(join(bundleDir, 'meta.json')),
    handler: summarize(handlerRuns),
    emptyModule: summarize(emptyRuns),
    runs: IMPORT_RUNS,
  };
}

interface Sample {
  readonly importMs: number;
  readonly processMs: number;
  readonly rssBytes: number;
}

function timeImport(path: string): Sample {
  const start = preciseNow();
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_SCRIPT],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        BENCH_MODULE_URL: pathToFileURL(path).href,
      },
    },
  );
  const processMs = preciseNow() - start;
  if (child.status !== 0) {
    throw new Error(`importing ${path} failed: ${child.stderr}`);
  }
  const output = JSON.parse(child.stdout) as Omit<Sample, 'processMs'>;

  return { ...output, processMs };
}

function summarize(samples: readonly Sample[]): ImportTiming {
  return {
    medianImportMs: median(samples.map((sample) => sample.importMs)),
    medianProcessMs: median(samples.map((sample) => sample.processMs)),
    medianRssBytes: median(samples.map((sample) => sample.rssBytes)),
    importMs: samples.map((sample) => sample.importMs),
  };
}

interface Metafile {
  readonly outputs: Record<
    string,
    { readonly inputs?: Record<string, { readonly bytesInOutput: number }> }
  >;
}

function bytesByPackage(metafilePath: string): Record<string, number> {
  const metafile = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const totals = new Map<string, number>();
  for (const [name, output] of Object.entries(metafile.outputs)) {
    if (!name.endsWith('.mjs')) {
      continue;
    }
    for (const [input, { bytesInOutput }] of Object.entries(
      output.inputs ?? {},
    )) {
      const key = packageOf(input);
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  }

  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);

  return match?.[1] ?? input.split('/')[0] ?? input;
}

function quoteArgument(argument: string): string {
  return /^[\w./=,:@-]+$/.test(argument)
    ? argument
    : `'${argument.replace(/'/g, "'\\''")}'`;
}
