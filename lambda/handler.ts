import type { Context } from 'aws-lambda';
import { SyncApp } from './app';
import { loadConfig } from './config';
import { errorMessage } from './errors';
import { RunFailedError, type RunSummary } from './sync/run';
import { logger, publishRunMetrics } from './telemetry';

/** What the handler reads of the Lambda context; `npm run sync` fakes it. */
export type RunContext = Pick<Context, 'getRemainingTimeInMillis'> &
  Partial<Context>;

let app: SyncApp | undefined;

/**
 * Entry point for the scheduled invocation. The event's content is not
 * used: every run reads its position from the checkpoint. A failed run
 * throws, so Lambda counts an error and the alarm on errors fires.
 */
export async function handler(
  _event: unknown,
  context: RunContext,
): Promise<RunSummary> {
  if (context.awsRequestId !== undefined) {
    logger.addContext(context as Context);
  }
  logger.info('Sync started');
  try {
    app ??= new SyncApp(loadConfig());
    const summary = await app.run(context.getRemainingTimeInMillis());
    logger.info('Sync finished', { summary });
    publishRunMetrics(summary);

    return summary;
  } catch (error) {
    logger.error('Sync failed', {
      errorName: error instanceof Error ? error.name : typeof error,
      errorMessage: errorMessage(error),
    });
    if (error instanceof RunFailedError) {
      publishRunMetrics(error.summary);
    }
    throw error;
  }
}
