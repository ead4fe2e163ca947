import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Topic for order events and the key that encrypts its messages. */
export interface OrderEventsTopic {
  readonly topic: Topic;
  readonly key: Key;
}

/**
 * Creates the standard topic for order events, encrypted at rest.
 *
 * The key is customer managed because the policy of the AWS managed key
 * `alias/aws/sns` cannot be changed: with it, no AWS service and no other
 * account could ever be allowed to publish. Subscribers do not need the
 * key, because SNS decrypts a message before it delivers it. An SQS
 * subscriber's own queue must use SSE-SQS, or a customer managed key whose
 * policy lets `sns.amazonaws.com` call kms:GenerateDataKey and kms:Decrypt.
 * A queue encrypted with `alias/aws/sqs` receives nothing.
 */
export function createOrderEventsTopic(scope: Construct): OrderEventsTopic {
  const key = new Key(scope, 'OrderEventsKey', {
    description: 'Encrypts Tripster order events on the SNS topic',
    enableKeyRotation: true,
    // Messages are deleted once delivered, so the key protects nothing
    // after the topic is gone.
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  const topic = new Topic(scope, 'OrderEventsTopic', {
    displayName: 'Tripster order events',
    masterKey: key,
    // Adds a topic policy statement that denies requests without TLS.
    enforceSSL: true,
  });

  return { topic, key };
}

/**
 * Creates the dead-letter queue for scheduled invocations that failed
 * after every retry, or that EventBridge could not deliver.
 */
export function createDeadLetterQueue(scope: Construct): Queue {
  return new Queue(scope, 'DeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}
