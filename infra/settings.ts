import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type {
  AuthScheme,
  LogLevel,
  TripsterOrderSyncProps,
} from './order-sync-props';
import { DEFAULT_SCHEDULE_INTERVAL, rateInterval } from './schedule';
import { validateSourceSettings } from './source-validation';
import { validateDurations, validateFunctionSettings } from './validation';

/** Default root URL of the Tripster API. */
export const DEFAULT_API_BASE = 'https://experience.tripster.ru/api';

/** Service name shared by the logger, the metrics and the alarms. */
export const SERVICE_NAME = 'tripster-order-sync';

/** Props of `TripsterOrderSync` with every default applied. */
export interface OrderSyncSettings {
  readonly partnerId: string;
  readonly schedule: Schedule;
  /** Interval of a rate schedule; undefined for a cron schedule. */
  readonly scheduleInterval: Duration | undefined;
  readonly credentialsParameterName: string;
  readonly checkpointParameterName: string;
  readonly apiBase: string;
  readonly authScheme: AuthScheme;
  readonly sourceTimeZone: string;
  readonly overlapWindow: Duration;
  readonly initialSyncStart: string;
  readonly publishBackfillEvents: boolean;
  readonly pageConcurrency: number;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly stopMargin: Duration;
  readonly logRetention: RetentionDays;
  readonly logLevel: LogLevel;
  readonly maxCheckpointLag: Duration;
  readonly entry: string;
}

const DEFAULT_ENTRY = fileURLToPath(
  new URL('../lambda/handler.ts', import.meta.url),
);

// One hour, or two schedule intervals when runs are further apart, so that
// every alarm period contains a run.
function defaultMaxCheckpointLag(interval: Duration | undefined): Duration {
  const twoIntervals = (interval?.toMinutes() ?? 0) * 2;
  return Duration.minutes(Math.max(60, twoIntervals));
}

/**
 * Applies the documented defaults to `props` and validates the result.
 * Throws an error that names the invalid prop and the construct path.
 */
export function resolveSettings(
  scope: IConstruct,
  props: TripsterOrderSyncProps,
): OrderSyncSettings {
  const parameterPrefix = `/${SERVICE_NAME}/${props.partnerId}`;
  const schedule = props.schedule ?? Schedule.rate(DEFAULT_SCHEDULE_INTERVAL);
  const scheduleInterval = rateInterval(schedule);

  const settings: OrderSyncSettings = {
    partnerId: props.partnerId,
    schedule,
    scheduleInterval,
    credentialsParameterName:
      props.credentialsParameterName ?? `${parameterPrefix}/credentials`,
    checkpointParameterName:
      props.checkpointParameterName ?? `${parameterPrefix}/checkpoint`,
    apiBase: props.apiBase ?? DEFAULT_API_BASE,
    authScheme: props.authScheme ?? 'Bearer',
    sourceTimeZone: props.sourceTimeZone ?? 'Europe/Moscow',
    overlapWindow: props.overlapWindow ?? Duration.minutes(5),
    initialSyncStart: props.initialSyncStart ?? '2010-01-01',
    publishBackfillEvents: props.publishBackfillEvents ?? false,
    pageConcurrency: props.pageConcurrency ?? 1,
    memorySize: props.memorySize ?? 256,
    timeout: props.timeout ?? Duration.minutes(10),
    stopMargin: props.stopMargin ?? Duration.seconds(60),
    logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
    logLevel: props.logLevel ?? 'INFO',
    maxCheckpointLag:
      props.maxCheckpointLag ?? defaultMaxCheckpointLag(scheduleInterval),
    entry: props.entry ?? DEFAULT_ENTRY,
  };

  validateSourceSettings(scope, settings);
  validateFunctionSettings(scope, settings);
  validateDurations(scope, settings);
  return settings;
}
