import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { onlyResource, synthesize } from './synth';

describe('dead-letter queue', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;
  let queueArn: unknown;

  beforeAll(() => {
    ({ stack, template } = synthesize());
    queueArn = stack.resolve(stack.sync.deadLetterQueue.queueArn);
  });

  it('keeps messages 14 days, encrypted by SQS', () => {
    const queue = onlyResource(template, 'AWS::SQS::Queue');

    expect(queue.Properties).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  it('denies requests without TLS', () => {
    const policy = onlyResource(template, 'AWS::SQS::QueuePolicy') as {
      Properties: { PolicyDocument: { Statement: unknown[] } };
    };

    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sqs:*',
      Resource: queueArn,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('receives failed async invocations', () => {
    const config = onlyResource(template, 'AWS::Lambda::EventInvokeConfig');

    expect(config.Properties).toEqual({
      FunctionName: stack.resolve(stack.sync.function.functionName),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: queueArn } },
    });
  });

  it('receives events the rule could not deliver', () => {
    const rule = onlyResource(template, 'AWS::Events::Rule') as {
      Properties: { Targets: Record<string, unknown>[] };
    };

    expect(rule.Properties.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: stack.resolve(stack.sync.function.functionArn),
        DeadLetterConfig: { Arn: queueArn },
        RetryPolicy: {
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 3600,
        },
      },
    ]);
  });

  it('lets only the rule send to it', () => {
    const policy = onlyResource(template, 'AWS::SQS::QueuePolicy') as {
      Properties: { PolicyDocument: { Statement: unknown[] } };
    };

    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: {
          ArnEquals: {
            'aws:SourceArn': stack.resolve(stack.sync.scheduleRule.ruleArn),
          },
        },
      }),
    );
  });
});
