import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { synthesize } from './synth';

type AlarmProperties = Record<string, unknown>;

const SERVICE_DIMENSION = [{ Name: 'service', Value: 'tripster-order-sync' }];

function alarmProperties(
  stack: TripsterOrderSyncStack,
  template: Template,
  name: keyof TripsterOrderSyncStack['sync']['alarms'],
): AlarmProperties {
  const alarm = stack.sync.alarms[name];
  const logicalId = stack.getLogicalId(alarm.node.defaultChild as never);
  return template.toJSON().Resources[logicalId].Properties;
}

describe('alarms with an alarm email', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;
  let alarm: (name: keyof typeof stack.sync.alarms) => AlarmProperties;

  beforeAll(() => {
    ({ stack, template } = synthesize({ alarmEmail: 'ops@example.com' }));
    alarm = (name) => alarmProperties(stack, template, name);
  });

  it('are five', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  it('fire on any function error', () => {
    expect(alarm('functionErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('fire on any throttle', () => {
    expect(alarm('functionThrottles')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Statistic: 'Sum',
      Threshold: 0,
    });
  });

  it('fire on a dead-lettered event', () => {
    expect(alarm('deadLetterMessages')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Threshold: 0,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: stack.resolve(stack.sync.deadLetterQueue.queueName),
        },
      ],
    });
  });

  it('fire on checkpoint lag or silence', () => {
    expect(alarm('checkpointLag')).toMatchObject({
      Namespace: 'TripsterOrderSync',
      MetricName: 'CheckpointLagSeconds',
      Dimensions: SERVICE_DIMENSION,
      Statistic: 'Maximum',
      Period: 3600,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 3600,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('fire on any rejected record', () => {
    expect(alarm('ordersRejected')).toMatchObject({
      Namespace: 'TripsterOrderSync',
      MetricName: 'OrdersRejected',
      Dimensions: SERVICE_DIMENSION,
      Statistic: 'Sum',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('notify the alarm topic of alarm and recovery', () => {
    const topics = template.findResources('AWS::SNS::Topic', {
      Properties: { DisplayName: 'Tripster order sync alarms' },
    });
    const topicId = Object.keys(topics)[0];

    for (const name of Object.keys(stack.sync.alarms)) {
      const properties = alarm(name as keyof typeof stack.sync.alarms);
      expect(properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(properties.OKActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('email the given address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('let CloudWatch use the alarm topic key', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    const statements = keys.flatMap(
      (key) => key.Properties.KeyPolicy.Statement as unknown[],
    );

    expect(statements).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
  });
});

describe('alarms without an alarm email', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synthesize({
      sync: { maxCheckpointLag: Duration.hours(2) },
    }));
  });

  it('have no actions', () => {
    for (const name of Object.keys(stack.sync.alarms)) {
      const properties = alarmProperties(
        stack,
        template,
        name as keyof typeof stack.sync.alarms,
      );
      expect(properties.AlarmActions).toBeUndefined();
      expect(properties.OKActions).toBeUndefined();
    }
  });

  it('use maxCheckpointLag as lag threshold', () => {
    const properties = alarmProperties(stack, template, 'checkpointLag');

    expect(properties.Threshold).toBe(7200);
    expect(properties.Period).toBe(7200);
  });
});

describe('lag alarm with a slow schedule', () => {
  it('waits two intervals by default', () => {
    const schedule = Schedule.rate(Duration.minutes(45));
    const { stack, template } = synthesize({ sync: { schedule } });

    const properties = alarmProperties(stack, template, 'checkpointLag');

    expect(properties.Threshold).toBe(5400);
    expect(properties.Period).toBe(5400);
  });
});
