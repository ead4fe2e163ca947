import { Stack } from 'aws-cdk-lib';
import type { Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { OrderSyncAlarms } from './alarms';
import { createAlarms } from './alarms';
import { createDashboard } from './dashboard';
import { functionEnvironment } from './environment';
import { createDeadLetterQueue, createOrderEventsTopic } from './messaging';
import { acknowledgeAcceptedFindings } from './nag-suppressions';
import type { TripsterOrderSyncProps } from './order-sync-props';
import { grantSyncPermissions } from './permissions';
import { resolveSettings } from './settings';
import {
  createCheckpointParameter,
  createOrdersTable,
  createRejectedRecordsTable,
} from './storage';
import { createSyncFunction } from './sync-function';

/**
 * A scheduled function that copies a Tripster partner's orders into
 * DynamoDB and publishes their status changes to SNS, with its storage,
 * permissions, alarms and dashboard.
 */
export class TripsterOrderSync extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;
  public readonly scheduleRule: Rule;
  public readonly table: ITable;
  public readonly rejectedRecordsTable: Table;
  public readonly topic: ITopic;
  /** Key of the topic; undefined when the topic was passed in. */
  public readonly topicKey: IKey | undefined;
  public readonly deadLetterQueue: Queue;
  public readonly checkpointParameter: StringParameter;
  /** Name of the credentials SecureString, which this construct reads. */
  public readonly credentialsParameterName: string;
  public readonly alarms: OrderSyncAlarms;
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: TripsterOrderSyncProps) {
    super(scope, id);
    const settings = resolveSettings(this, props);
    this.credentialsParameterName = settings.credentialsParameterName;

    this.table = props.table ?? createOrdersTable(this);
    this.rejectedRecordsTable = createRejectedRecordsTable(this);
    this.checkpointParameter = createCheckpointParameter(
      this,
      settings.checkpointParameterName,
    );
    if (props.topic === undefined) {
      const orderEvents = createOrderEventsTopic(this);
      this.topic = orderEvents.topic;
      this.topicKey = orderEvents.key;
    } else {
      this.topic = props.topic;
      this.topicKey = undefined;
    }
    this.deadLetterQueue = createDeadLetterQueue(this);

    const environment = functionEnvironment(settings, {
      ordersTableName: this.table.tableName,
      rejectedRecordsTableName: this.rejectedRecordsTable.tableName,
      orderEventsTopicArn: this.topic.topicArn,
      checkpointParameterName: this.checkpointParameter.parameterName,
    });
    const sync = createSyncFunction(
      this,
      settings,
      environment,
      this.deadLetterQueue,
    );
    this.function = sync.function;
    this.logGroup = sync.logGroup;
    this.scheduleRule = sync.rule;
    this.grantAccess(props.credentialsKey);

    const namePrefix = this.physicalNamePrefix();
    this.alarms = createAlarms(this, {
      function: this.function,
      deadLetterQueue: this.deadLetterQueue,
      maxCheckpointLag: settings.maxCheckpointLag,
      alarmTopic: props.alarmTopic,
      namePrefix,
    });
    this.dashboard = createDashboard(this, {
      dashboardName: namePrefix,
      function: this.function,
      alarms: this.alarms,
      maxCheckpointLag: settings.maxCheckpointLag,
      timeout: settings.timeout,
    });
  }

  private grantAccess(credentialsKey: IKey | undefined): void {
    grantSyncPermissions(this.function, {
      credentialsParameterName: this.credentialsParameterName,
      credentialsKey,
      checkpointParameter: this.checkpointParameter,
      ordersTable: this.table,
      rejectedRecordsTable: this.rejectedRecordsTable,
      topic: this.topic,
      deadLetterQueue: this.deadLetterQueue,
    });
    acknowledgeAcceptedFindings({
      deadLetterQueue: this.deadLetterQueue,
      role: this.function.role ?? this.function,
      awsManagedCredentialsKey: credentialsKey === undefined,
      tableKeyGranted: this.table.encryptionKey !== undefined,
    });
  }

  // Stack name and construct path, which are unique per account and region
  // and readable in the console: "TripsterOrderSync-OrderSync".
  private physicalNamePrefix(): string {
    const stack = Stack.of(this);
    const path = this.node.path.slice(stack.node.path.length + 1);
    return `${stack.stackName}-${path}`.replace(/[^A-Za-z0-9_-]/g, '-');
  }
}
