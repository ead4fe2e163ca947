import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Settings every AWS SDK client needs to talk to moto. */
export function motoClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

/** Names of one sync's resources, and the environment that points at them. */
export interface SyncResources {
  readonly env: Record<string, string>;
  readonly ordersTableName: string;
  readonly rejectsTableName: string;
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly checkpointParameterName: string;
  readonly credentialsParameterName: string;
}

export interface ResourceOptions {
  readonly apiBase: string;
  readonly partnerId: string;
  /** JSON stored in the credentials SecureString. */
  readonly credentials: unknown;
}

/**
 * Creates what the stack would: both tables, the topic with a queue
 * subscribed (raw delivery, so each message body is the event itself), the
 * checkpoint parameter holding `{}` and the credentials SecureString.
 */
export async function createSyncResources(
  endpoint: string,
  options: ResourceOptions,
): Promise<SyncResources> {
  const config = motoClientConfig(endpoint);
  const suffix = randomUUID().slice(0, 8);
  const ordersTableName = `orders-${suffix}`;
  const rejectsTableName = `rejected-records-${suffix}`;
  const dynamodb = new DynamoDBClient(config);
  await createTable(dynamodb, ordersTableName, 'id', 'N');
  await createTable(dynamodb, rejectsTableName, 'record_key', 'S');

  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const { TopicArn: topicArn = '' } = await sns.send(
    new CreateTopicCommand({ Name: `order-events-${suffix}` }),
  );
  const { QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: `order-events-${suffix}` }),
  );
  const queueArn = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['QueueArn'],
    }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn.Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );

  const prefix = `/tripster-order-sync/${suffix}`;
  const checkpointParameterName = `${prefix}/checkpoint`;
  const credentialsParameterName = `${prefix}/credentials`;
  const ssm = new SSMClient(config);
  await ssm.send(
    new PutParameterCommand({
      Name: checkpointParameterName,
      Type: 'String',
      Value: '{}',
    }),
  );
  await ssm.send(
    new PutParameterCommand({
      Name: credentialsParameterName,
      Type: 'SecureString',
      Value: JSON.stringify(options.credentials),
    }),
  );

  return {
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      TRIPSTER_API_BASE: options.apiBase,
      TRIPSTER_PARTNER_ID: options.partnerId,
      CREDENTIALS_PARAMETER_NAME: credentialsParameterName,
      CHECKPOINT_PARAMETER_NAME: checkpointParameterName,
      ORDERS_TABLE_NAME: ordersTableName,
      REJECTED_RECORDS_TABLE_NAME: rejectsTableName,
      ORDER_EVENTS_TOPIC_ARN: topicArn,
    },
    ordersTableName,
    rejectsTableName,
    topicArn,
    queueUrl,
    checkpointParameterName,
    credentialsParameterName,
  };
}

/** Creates an on-demand table with a one-attribute key. */
export async function createTable(
  client: DynamoDBClient,
  tableName: string,
  key: string,
  type: 'N' | 'S',
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: type }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/** Reads every item of a table, numbers as JavaScript numbers. */
export async function scanTable(
  endpoint: string,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient(motoClientConfig(endpoint));
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey !== undefined);

  return items;
}

/** A message that reached the subscribed queue. */
export interface ReceivedEvent {
  readonly body: Record<string, unknown>;
  /** The message body as sent, numbers not rounded by JSON.parse. */
  readonly raw: string;
  readonly attributes: Record<string, string>;
}

/** Receives and deletes every message now on the queue. */
export async function drainQueue(
  endpoint: string,
  queueUrl: string,
): Promise<ReceivedEvent[]> {
  const sqs = new SQSClient(motoClientConfig(endpoint));
  const received: ReceivedEvent[] = [];
  for (;;) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (messages.length === 0) {
      return received;
    }
    for (const message of messages) {
      received.push({
        body: JSON.parse(message.Body ?? '{}'),
        raw: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(
            ([name, value]) => [name, value.StringValue ?? ''],
          ),
        ),
      });
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

/** Reads a String parameter's value, or undefined when it does not exist. */
export async function readParameter(
  endpoint: string,
  name: string,
): Promise<string | undefined> {
  const ssm = new SSMClient(motoClientConfig(endpoint));
  try {
    const output = await ssm.send(new GetParameterCommand({ Name: name }));
    return output.Parameter?.Value;
  } catch {
    return undefined;
  }
}

export async function writeParameter(
  endpoint: string,
  name: string,
  value: string,
): Promise<void> {
  const ssm = new SSMClient(motoClientConfig(endpoint));
  await ssm.send(
    new PutParameterCommand({
      Name: name,
      Type: 'String',
      Value: value,
      Overwrite: true,
    }),
  );
}
