import { Duration } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  Alarm,
  ComparisonOperator,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { syncMetric } from './metrics';
import { MAX_EVENT_AGE } from './sync-function';

/** Period of the alarms that fire on any single occurrence. */
export const ALARM_PERIOD = Duration.minutes(5);

/** Alarms of one sync deployment. */
export interface OrderSyncAlarms {
  readonly functionErrors: Alarm;
  readonly functionThrottles: Alarm;
  readonly deadLetterMessages: Alarm;
  readonly checkpointLag: Alarm;
  readonly ordersRejected: Alarm;
}

/** Inputs of `createAlarms`. */
export interface AlarmSources {
  readonly function: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly maxCheckpointLag: Duration;
  readonly alarmTopic: ITopic | undefined;
  /** Prefix of every alarm name, unique in the account and region. */
  readonly namePrefix: string;
}

/** Creates the alarms and points them at the alarm topic, if any. */
export function createAlarms(
  scope: Construct,
  sources: AlarmSources,
): OrderSyncAlarms {
  const create = alarmFactory(scope, sources);
  const period = ALARM_PERIOD;
  const lag = sources.maxCheckpointLag;

  return {
    functionErrors: create('FunctionErrors', {
      metric: sources.function.metricErrors({ period, statistic: Stats.SUM }),
      description: 'A run failed. Read the function log for the error.',
    }),
    functionThrottles: create('FunctionThrottles', {
      metric: sources.function.metricThrottles({
        period,
        statistic: Stats.SUM,
      }),
      description:
        'An invocation was throttled because a run was still going, ' +
        'for example a retry that overlapped the next scheduled run. ' +
        'Lambda retries it until the event is ' +
        `${MAX_EVENT_AGE.toHumanString()} old.`,
    }),
    deadLetterMessages: create('DeadLetterMessages', {
      metric: sources.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: Stats.MAXIMUM,
      }),
      description:
        'A scheduled run failed after every retry, expired, or could not ' +
        'be delivered. Read the message in the dead-letter queue, then ' +
        'delete it.',
    }),
    checkpointLag: create('CheckpointLag', {
      metric: syncMetric('CheckpointLagSeconds', Stats.MAXIMUM, lag),
      threshold: lag.toSeconds(),
      // No data for a whole period means no run reported its lag.
      treatMissingData: TreatMissingData.BREACHING,
      description:
        `The checkpoint is more than ${lag.toHumanString()} behind, or ` +
        'no run reported its lag in that time.',
    }),
    ordersRejected: create('OrdersRejected', {
      metric: syncMetric('OrdersRejected', Stats.SUM, period),
      description:
        'Records failed validation and were set aside in the rejected ' +
        'records table. Inspect and replay them.',
    }),
  };
}

interface AlarmOptions {
  readonly metric: IMetric;
  readonly description: string;
  /** @default 0 */
  readonly threshold?: number;
  /** @default TreatMissingData.NOT_BREACHING */
  readonly treatMissingData?: TreatMissingData;
}

function alarmFactory(scope: Construct, sources: AlarmSources) {
  const action =
    sources.alarmTopic === undefined
      ? undefined
      : new SnsAction(sources.alarmTopic);

  return (id: string, options: AlarmOptions): Alarm => {
    const alarm = new Alarm(scope, `${id}Alarm`, {
      alarmName: `${sources.namePrefix}-${id}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData:
        options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    if (action !== undefined) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  };
}
