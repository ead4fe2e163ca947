import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly node: string;
  /** Version of the `moto` package that `python3` imports. */
  readonly moto: string;
  /** `Server` header of the running moto: its HTTP server and Python. */
  readonly motoServer: string;
  readonly awsSdk: string;
  readonly esbuild: string;
  /** Commit of the code measured, and files of lambda/ changed since. */
  readonly commit: string;
  readonly uncommittedSyncFiles: string[];
}

/** Describes this machine and the versions that the results depend on. */
export async function describeMachine(
  motoEndpoint: string,
): Promise<MachineDescription> {
  const response = await fetch(`${motoEndpoint}/moto-api/`);
  await response.body?.cancel();

  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: `${process.platform} ${release()}`,
    node: process.version,
    moto: pythonPackageVersion('moto'),
    motoServer: response.headers.get('server') ?? 'unknown',
    awsSdk: packageVersion('@aws-sdk/client-dynamodb'),
    esbuild: packageVersion('esbuild'),
    commit: git(['rev-parse', 'HEAD']).trim() || 'unknown',
    uncommittedSyncFiles: git(['status', '--porcelain', '--', 'lambda'])
      .split('\n')
      .filter((line) => line !== ''),
  };
}

/** Runs a read-only git command in the project; '' when git fails. */
function git(args: readonly string[]): string {
  const result = spawnSync('git', args, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });

  return result.status === 0 ? result.stdout : '';
}

function pythonPackageVersion(name: string): string {
  const probe = spawnSync(
    'python3',
    ['-c', `from importlib.metadata import version; print(version('${name}'))`],
    { encoding: 'utf8' },
  );

  return probe.status === 0 ? probe.stdout.trim() : 'unknown';
}

function packageVersion(name: string): string {
  const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  const manifest = JSON.parse(readFileSync(url, 'utf8')) as {
    version?: string;
  };

  return manifest.version ?? 'unknown';
}
