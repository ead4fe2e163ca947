/**
 * Sources of one setting: a flag, an environment variable of the
 * function (the names `npm run sync` and the Lambda function read), and an
 * output of the deployed stack. Settings with no output come from the
 * environment of the deployed function instead.
 */
export interface SettingSource {
  /** Key in the resolved settings: the variable name, or FUNCTION_NAME. */
  readonly key: string;
  readonly flag: string;
  /** Environment variable, absent for FUNCTION_NAME. */
  readonly variable?: string;
  readonly output?: string;
  /** Whether the deployed function's environment gives it. */
  readonly fromFunction?: boolean;
  readonly description: string;
}

export const DEFAULT_STACK_NAME = 'TripsterOrderSync';

export const SETTING_SOURCES: readonly SettingSource[] = [
  {
    key: 'ORDERS_TABLE_NAME',
    flag: 'orders-table',
    variable: 'ORDERS_TABLE_NAME',
    output: 'OrdersTableName',
    description: 'orders table',
  },
  {
    key: 'REJECTED_RECORDS_TABLE_NAME',
    flag: 'rejects-table',
    variable: 'REJECTED_RECORDS_TABLE_NAME',
    output: 'RejectedRecordsTableName',
    description: 'table of set-aside records',
  },
  {
    key: 'CHECKPOINT_PARAMETER_NAME',
    flag: 'checkpoint-parameter',
    variable: 'CHECKPOINT_PARAMETER_NAME',
    output: 'CheckpointParameterName',
    description: 'checkpoint String parameter',
  },
  {
    key: 'CREDENTIALS_PARAMETER_NAME',
    flag: 'credentials-parameter',
    variable: 'CREDENTIALS_PARAMETER_NAME',
    output: 'CredentialsParameterName',
    description: 'credentials SecureString parameter',
  },
  {
    key: 'ORDER_EVENTS_TOPIC_ARN',
    flag: 'topic-arn',
    variable: 'ORDER_EVENTS_TOPIC_ARN',
    output: 'OrderEventsTopicArn',
    description: 'order events topic',
  },
  {
    key: 'FUNCTION_NAME',
    flag: 'function-name',
    output: 'FunctionName',
    description: 'sync function, for backfill --now',
  },
  {
    key: 'TRIPSTER_PARTNER_ID',
    flag: 'partner-id',
    variable: 'TRIPSTER_PARTNER_ID',
    fromFunction: true,
    description: 'Tripster partner id',
  },
  {
    key: 'TRIPSTER_API_BASE',
    flag: 'api-base',
    variable: 'TRIPSTER_API_BASE',
    fromFunction: true,
    description: 'API root (default https://experience.tripster.ru/api)',
  },
  {
    key: 'SOURCE_TIME_ZONE',
    flag: 'time-zone',
    variable: 'SOURCE_TIME_ZONE',
    fromFunction: true,
    description: 'zone of source timestamps (default Europe/Moscow)',
  },
  {
    key: 'AWS_REGION',
    flag: 'region',
    variable: 'AWS_REGION',
    description: 'AWS region',
  },
  {
    key: 'AWS_ENDPOINT_URL',
    flag: 'endpoint-url',
    variable: 'AWS_ENDPOINT_URL',
    description: 'AWS endpoint, such as a local emulator',
  },
];
