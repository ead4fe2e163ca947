import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { onlyResource, synthesize } from './synth';

describe('order events topic', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synthesize());
  });

  it('is a standard topic encrypted with its own key', () => {
    const topic = onlyResource(template, 'AWS::SNS::Topic') as {
      Properties: Record<string, unknown>;
    };

    expect(topic.Properties.KmsMasterKeyId).toEqual(
      stack.resolve(stack.sync.topicKey?.keyArn),
    );
    expect(topic.Properties.FifoTopic).toBeUndefined();
  });

  it('rotates its key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
    });
  });

  it('denies publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [stack.resolve(stack.sync.topic.topicArn)],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: stack.resolve(stack.sync.topic.topicArn),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
  });
});

describe('existing topic', () => {
  const topicArn = 'arn:aws:sns:eu-west-1:123456789012:order-events';
  let template: Template;

  beforeAll(() => {
    const topic = Topic.fromTopicArn(new Stack(), 'Topic', topicArn);
    ({ template } = synthesize({ sync: { topic } }));
  });

  it('is used instead of a new one', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('receives the events', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Resource: topicArn }),
        ]),
      },
    });
  });
});
