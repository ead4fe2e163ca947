import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ESBUILD = join(PROJECT_ROOT, 'node_modules/.bin/esbuild');

/**
 * The esbuild arguments that aws-cdk-lib's NodejsFunction passes for the
 * bundling options in infra/sync-function.ts: Node.js 26 runtime, ESM,
 * minified, names kept, a source map, the AWS SDK bundled (no externals).
 * `extra` may add flags that do not change the output, such as
 * `--metafile`.
 */
export function cdkEsbuildArguments(
  entry: string,
  outfile: string,
  extra: readonly string[] = [],
): string[] {
  return [
    '--bundle',
    entry,
    '--target=node26',
    '--platform=node',
    '--format=esm',
    `--outfile=${outfile}`,
    '--minify',
    '--sourcemap',
    '--log-level=warning',
    '--keep-names',
    "--banner:js=import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
    '--main-fields=module,main',
    ...extra,
  ];
}

/** Runs the project's esbuild from the project root; throws on failure. */
export function runEsbuild(args: readonly string[]): void {
  const build = spawnSync(ESBUILD, args, {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(
      `esbuild failed (exit ${build.status}): ${build.stderr || build.error?.message}`,
    );
  }
}

/**
 * Bundles bench/worker.ts as the CDK bundles the handler, so the worker
 * runs the same minified code, SDK builds included, that Lambda would run,
 * without a TypeScript loader in the process. Returns the bundle's path.
 */
export function buildWorkerBundle(outputDir: string): string {
  const outfile = join(outputDir, 'worker', 'worker.mjs');
  runEsbuild(cdkEsbuildArguments('bench/worker.ts', outfile));

  return outfile;
}
