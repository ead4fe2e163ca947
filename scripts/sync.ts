/**
 * Runs the Lambda handler once on this machine with the environment of the
 * function, against whatever endpoints it names, and prints the run summary
 * as one JSON line on standard output. Logs and metrics go to standard
 * error. Exits with 0 when the run completed or left a resume point.
 */
import type { RunSummary } from '../lambda/sync/run';

const printLine = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const { handler } = await import('../lambda/handler');
const { RunFailedError } = await import('../lambda/sync/run');

let summary: RunSummary | { outcome: 'failed'; error: string };
try {
  summary = await handler(
    {},
    { getRemainingTimeInMillis: () => Number.MAX_SAFE_INTEGER },
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  summary =
    error instanceof RunFailedError
      ? { ...error.summary, error: message }
      : { outcome: 'failed', error: message };
}
printLine(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.outcome === 'failed' ? 1 : 0;
