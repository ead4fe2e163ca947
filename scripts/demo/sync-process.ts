import { type ChildProcess, spawn } from 'node:child_process';
import type { RunSummary } from '../../lambda/sync/run';
import { onExit } from './shutdown';

/** The summary line of `npm run sync`. A failed run adds `error`. */
export type SyncSummary = RunSummary & { readonly error?: string };

/** One run of `npm run sync`: its summary and its wall-clock time. */
export interface SyncRun {
  readonly summary: SyncSummary;
  /** Time from spawning `npm` to its exit, in ms. */
  readonly wallMs: number;
}

const STDERR_TAIL_CHARS = 4000;
const KILL_AFTER_MS = 5000;

/**
 * Runs `npm run sync` once with `env` added to this process's environment.
 * The child is spawned asynchronously because the simulator it calls runs
 * in this process. It gets its own process group, so stopping the demo
 * also stops the `sh`, `tsx` and `node` processes that `npm` starts.
 */
export async function runSync(env: Record<string, string>): Promise<SyncRun> {
  const startedAt = Date.now();
  const child = spawn('npm', ['run', '--silent', 'sync'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  onExit(() => stopProcessGroup(child));
  const stdout = collect(child.stdout, Number.POSITIVE_INFINITY);
  const stderr = collect(child.stderr, STDERR_TAIL_CHARS);
  const exitCode = await waitForExit(child);

  const summary = parseSummary(stdout(), exitCode, stderr());
  if (exitCode !== 0 || summary.outcome === 'failed') {
    const reason = summary.error ?? `exit code ${exitCode}`;
    throw new Error(`npm run sync failed: ${reason}`);
  }

  return { summary, wallMs: Date.now() - startedAt };
}

function collect(
  stream: NodeJS.ReadableStream | null,
  maxChars: number,
): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-maxChars);
  });

  return () => text;
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`Starting npm failed: ${error.message}`)),
    );
    child.once('close', (code) => resolve(code));
  });
}

/** Finds the JSON summary: the last standard output line that is an object. */
function parseSummary(
  stdout: string,
  exitCode: number | null,
  stderr: string,
): SyncSummary {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith('{'));
  if (line === undefined) {
    const lastLog = stderr.trim().split('\n').at(-1) ?? '';
    throw new Error(
      `npm run sync exited with ${exitCode} without a summary line. ` +
        `Last line on standard error: ${lastLog}`,
    );
  }

  return JSON.parse(line) as SyncSummary;
}

/**
 * Sends SIGTERM to the process group of a child that is still running, then
 * SIGKILL to whatever is left of the group once `npm` has exited or 5 s
 * have passed. A child that already exited is left alone, because `npm`
 * waits for the script it runs.
 */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const groupId = child.pid;
  if (
    groupId === undefined ||
    child.exitCode !== null ||
    child.signalCode !== null
  ) {
    return;
  }

  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, KILL_AFTER_MS);
  });
  signalGroup(groupId, 'SIGTERM');
  await Promise.race([exited, timeout]);
  clearTimeout(timer);
  signalGroup(groupId, 'SIGKILL');
}

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      throw error;
    }
  }
}
