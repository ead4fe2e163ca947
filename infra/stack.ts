import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { TripsterOrderSync } from './order-sync';
import type { TripsterOrderSyncProps } from './order-sync-props';

/** Properties of `TripsterOrderSyncStack`. */
export interface TripsterOrderSyncStackProps extends StackProps {
  /** Props of the sync construct; the stack supplies `alarmTopic`. */
  readonly sync: Omit<TripsterOrderSyncProps, 'alarmTopic'>;

  /**
   * Email address that receives alarm notifications. AWS sends it a
   * confirmation message first.
   * @default no alarm topic, and the alarms have no actions
   */
  readonly alarmEmail?: string;
}

/** Stack that deploys one Tripster order sync and names its resources. */
export class TripsterOrderSyncStack extends Stack {
  public readonly sync: TripsterOrderSync;

  constructor(
    scope: Construct,
    id: string,
    props: TripsterOrderSyncStackProps,
  ) {
    super(scope, id, props);
    const alarmTopic =
      props.alarmEmail === undefined
        ? undefined
        : this.createAlarmTopic(props.alarmEmail);
    this.sync = new TripsterOrderSync(this, 'OrderSync', {
      ...props.sync,
      alarmTopic,
    });
    this.addOutputs();
  }

  // CloudWatch can publish to an encrypted topic only when the key policy
  // allows it, which the policy of alias/aws/sns does not.
  private createAlarmTopic(email: string): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts Tripster order sync alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Tripster order sync alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addSubscription(new EmailSubscription(email));

    return topic;
  }

  // A command-line tool reads these outputs by name.
  private addOutputs(): void {
    const sync = this.sync;
    const outputs: Record<string, [string, string]> = {
      FunctionName: [sync.function.functionName, 'Sync function'],
      OrdersTableName: [sync.table.tableName, 'Orders table'],
      RejectedRecordsTableName: [
        sync.rejectedRecordsTable.tableName,
        'Records that failed validation',
      ],
      OrderEventsTopicArn: [sync.topic.topicArn, 'Order events topic'],
      CheckpointParameterName: [
        sync.checkpointParameter.parameterName,
        'Checkpoint parameter (String)',
      ],
      CredentialsParameterName: [
        sync.credentialsParameterName,
        'Credentials parameter, which the operator creates',
      ],
      DeadLetterQueueUrl: [
        sync.deadLetterQueue.queueUrl,
        'Dead-letter queue of failed runs',
      ],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, id, { value, description });
    }
  }
}
