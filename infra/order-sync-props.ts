import type { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Schedule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';

/** Scheme of the `Authorization` header sent to the Tripster API. */
export type AuthScheme = 'Bearer' | 'Token';

/** Log level names that Powertools Logger accepts. */
export type LogLevel =
  | 'TRACE'
  | 'DEBUG'
  | 'INFO'
  | 'WARN'
  | 'ERROR'
  | 'CRITICAL'
  | 'SILENT';

/** Properties of the `TripsterOrderSync` construct. */
export interface TripsterOrderSyncProps {
  /** Tripster partner id, used in the orders URL and in parameter names. */
  readonly partnerId: string;

  /**
   * Schedule of the EventBridge rule that starts a run.
   * @default Schedule.rate(Duration.minutes(15))
   */
  readonly schedule?: Schedule;

  /**
   * Name of the SSM SecureString with the Tripster credentials. The
   * construct does not create it: an operator puts it before the first run.
   * @default `/tripster-order-sync/<partnerId>/credentials`
   */
  readonly credentialsParameterName?: string;

  /**
   * Name of the SSM String parameter that stores the checkpoint.
   * @default `/tripster-order-sync/<partnerId>/checkpoint`
   */
  readonly checkpointParameterName?: string;

  /**
   * Root URL of the Tripster API. Only `https` URLs are accepted, because
   * the function sends the partner secret and token to it.
   * @default 'https://experience.tripster.ru/api'
   */
  readonly apiBase?: string;

  /**
   * Scheme of the `Authorization` header.
   * @default 'Bearer'
   */
  readonly authScheme?: AuthScheme;

  /**
   * IANA time zone of the API's `updated_at` and filter timestamps.
   * @default 'Europe/Moscow'
   */
  readonly sourceTimeZone?: string;

  /**
   * Time subtracted from the checkpoint when a pass starts, so that orders
   * changed near a run boundary are read again. Whole seconds, at most one
   * day.
   * @default Duration.minutes(5)
   */
  readonly overlapWindow?: Duration;

  /**
   * Start of the first backfill in `sourceTimeZone`, as `YYYY-MM-DD`,
   * `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS`.
   * @default '2010-01-01'
   */
  readonly initialSyncStart?: string;

  /**
   * Whether the first backfill publishes events for the orders it finds.
   * @default false
   */
  readonly publishBackfillEvents?: boolean;

  /**
   * Number of pages the function requests at the same time, from 1 to 16.
   * @default 1
   */
  readonly pageConcurrency?: number;

  /**
   * Memory of the function in MiB.
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * Timeout of one run. It must be shorter than the schedule interval and
   * longer than `stopMargin`.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;

  /**
   * Remaining time below which a run starts no new page and saves a resume
   * point. Whole seconds from 5 to 600.
   * @default Duration.seconds(60)
   */
  readonly stopMargin?: Duration;

  /**
   * Retention of the function's log group, which the construct creates.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * Level of the function's Powertools Logger.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;

  /**
   * Existing orders table with partition key `id` (Number).
   * @default a new table
   */
  readonly table?: ITable;

  /**
   * Existing standard SNS topic for order events.
   * @default a new topic encrypted with a new customer managed KMS key
   */
  readonly topic?: ITopic;

  /**
   * Customer managed KMS key that encrypts the credentials SecureString.
   * @default the AWS managed key `alias/aws/ssm`
   */
  readonly credentialsKey?: IKey;

  /**
   * Topic that receives the alarm and OK notifications of every alarm.
   * @default no alarm actions
   */
  readonly alarmTopic?: ITopic;

  /**
   * Checkpoint lag above which the lag alarm fires. The same duration
   * without any run reporting its lag also fires it. Whole minutes, at
   * least twice the schedule interval and at most seven days. Set it for a
   * cron schedule that runs less often than every 30 minutes, because the
   * construct cannot read the interval of a cron expression.
   * @default the longer of one hour and twice a rate schedule's interval
   */
  readonly maxCheckpointLag?: Duration;

  /**
   * Path of the TypeScript file that exports `handler`.
   * @default `lambda/handler.ts` in this repository
   */
  readonly entry?: string;
}
