import type { Context } from 'aws-lambda';
import { SyncApp } from './app';
import { loadConfig } from './config';
import { errorMessage } from './errors';
import { RunFailedError, type RunSummary } from './sync/run';
import { logger, publishRunMetrics } from './telemetry';

/** Part of the Lambda context that the handler reads. `npm run sync` fakes it. */
export type RunContext = Pick<Context, 'getRemainingTimeInMillis'> &
  Partial<Context>;

/**
 * Builds a handler around an app made on the first invocation, so warm
 * invocations reuse the token, the credentials and the SDK connections.
 * A failed run throws, so Lambda counts an error and the alarm fires.
 */
export function createHandler(
  createApp: () => SyncApp,
): (event: unknown, context: RunContext) => Promise<RunSummary> {
  let app: SyncApp | undefined;

  return async (_event, context) => {
    if (context.awsRequestId !== undefined) {
      logger.addContext(context as Context);
    }
    logger.info('Sync started');
    try {
      app ??= createApp();
      const summary = await app.run(context.getRemainingTimeInMillis());
      logger.info('Sync finished', { summary });
      publishRunMetrics(summary);

      return summary;
    } catch (error) {
      const cause = error instanceof RunFailedError ? error.cause : error;
      logger.error('Sync failed', {
        errorName: cause instanceof Error ? cause.name : typeof cause,
        errorMessage: errorMessage(error),
      });
      if (error instanceof RunFailedError) {
        publishRunMetrics(error.summary);
      }
      throw error;
    }
  };
}

/**
 * Entry point for the scheduled invocation. The event's content is not
 * used: every run reads its position from the checkpoint.
 */
export const handler = createHandler(() => new SyncApp(loadConfig()));
