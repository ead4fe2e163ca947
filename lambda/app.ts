import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Sleep } from './backoff';
import type { SyncConfig } from './config';
import { EventPublisher } from './events/publisher';
import { parseExactNumber } from './json';
import { CheckpointStore } from './stores/checkpoint-store';
import { CredentialsStore } from './stores/credentials-store';
import { OrderStore } from './stores/order-store';
import { RejectedRecordStore } from './stores/rejected-record-store';
import { type RunDeps, type RunSummary, runSync } from './sync/run';
import type { StepHook } from './sync/steps';
import { logger } from './telemetry';
import { TripsterClient } from './tripster/client';

/** Overrides for tests: a fetch, a sleep, a clock and a crash hook. */
export interface AppOverrides {
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly now?: () => number;
  readonly onStep?: StepHook;
}

/** AWS SDK attempts per call; the SDK backs off between them, throttles included. */
const AWS_MAX_ATTEMPTS = 6;

/**
 * The sync with its clients, built once per cold start so that the token,
 * the credentials and the SDK connections are reused by warm invocations.
 */
export class SyncApp {
  private readonly deps: RunDeps;

  constructor(
    private readonly config: SyncConfig,
    overrides: AppOverrides = {},
  ) {
    const aws = { maxAttempts: AWS_MAX_ATTEMPTS };
    const ssm = new SSMClient(aws);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(aws), {
      marshallOptions: { removeUndefinedValues: true },
      // Items read back feed events again, with the digits Tripster sent.
      unmarshallOptions: { wrapNumbers: parseExactNumber },
    });
    const credentials = new CredentialsStore(
      new SSMProvider({ awsSdkV3Client: ssm }),
      config.credentialsParameterName,
      config.credentialsCacheSeconds,
    );
    const client = new TripsterClient({
      apiBase: config.apiBase,
      partnerId: config.partnerId,
      authScheme: config.authScheme,
      credentials,
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
      maxAttempts: config.maxAttempts,
      fetch: overrides.fetch,
      sleep: overrides.sleep,
      onRetry: (retry) =>
        logger.warn('Retrying Tripster request', { ...retry }),
    });
    this.deps = {
      client,
      checkpoints: new CheckpointStore(ssm, config.checkpointParameterName),
      orders: new OrderStore(documents, config.ordersTableName, {
        writeMode: 'batch',
        sleep: overrides.sleep,
      }),
      rejects: new RejectedRecordStore(
        documents,
        config.rejectedRecordsTableName,
      ),
      publisher: new EventPublisher(
        new SNSClient(aws),
        config.orderEventsTopicArn,
        overrides.sleep,
      ),
      events: {
        source: client.ordersUrl.href,
        sourceTimeZone: config.sourceTimeZone,
      },
      logger,
      now: overrides.now ?? Date.now,
      onStep: overrides.onStep,
    };
  }

  /** Runs once, stopping new pages `stopMargin` before the time runs out. */
  run(remainingTimeMs: number): Promise<RunSummary> {
    const config = this.config;
    const budgetMs = Math.min(
      config.timeBudgetSeconds * 1000,
      remainingTimeMs - config.stopMarginSeconds * 1000,
    );

    return runSync(
      {
        sourceTimeZone: config.sourceTimeZone,
        overlapWindowSeconds: config.overlapWindowSeconds,
        initialSyncStart: config.initialSyncStart,
        publishFirstSightings: config.publishBackfillEvents,
        deadline: this.deps.now() + budgetMs,
        resumePointIntervalMs: config.resumePointIntervalSeconds * 1000,
        pageConcurrency: config.pageConcurrency,
      },
      this.deps,
    );
  }
}
