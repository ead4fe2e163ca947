import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { onlyResource, PARTNER_ID, synthesize } from './synth';

const CREDENTIALS_NAME = `/tripster-order-sync/${PARTNER_ID}/credentials`;

function newestNodeRuntime(): string {
  const versions = Runtime.ALL.map((runtime) => runtime.name)
    .map((name) => /^nodejs(\d+)\.x$/.exec(name)?.[1])
    .filter((version) => version !== undefined)
    .map(Number);
  return `nodejs${Math.max(...versions)}.x`;
}

describe('sync function', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;
  let properties: Record<string, unknown>;

  beforeAll(() => {
    ({ stack, template } = synthesize());
    properties = onlyResource(template, 'AWS::Lambda::Function')
      .Properties as Record<string, unknown>;
  });

  it('uses the newest Node.js runtime', () => {
    expect(properties.Runtime).toBe(newestNodeRuntime());
  });

  it('runs on arm64', () => {
    expect(properties.Architectures).toEqual(['arm64']);
  });

  it('allows one run at a time', () => {
    expect(properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('has 256 MiB of memory', () => {
    expect(properties.MemorySize).toBe(256);
  });

  it('times out after 10 minutes', () => {
    expect(properties.Timeout).toBe(600);
  });

  it('calls the bundled handler export', () => {
    expect(properties.Handler).toBe('index.handler');
  });

  it('sets every environment variable', () => {
    const sync = stack.sync;

    expect(properties.Environment).toEqual({
      Variables: {
        TRIPSTER_API_BASE: 'https://experience.tripster.ru/api',
        TRIPSTER_PARTNER_ID: PARTNER_ID,
        TRIPSTER_AUTH_SCHEME: 'Bearer',
        CREDENTIALS_PARAMETER_NAME: CREDENTIALS_NAME,
        CHECKPOINT_PARAMETER_NAME: stack.resolve(
          sync.checkpointParameter.parameterName,
        ),
        ORDERS_TABLE_NAME: stack.resolve(sync.table.tableName),
        REJECTED_RECORDS_TABLE_NAME: stack.resolve(
          sync.rejectedRecordsTable.tableName,
        ),
        ORDER_EVENTS_TOPIC_ARN: stack.resolve(sync.topic.topicArn),
        SOURCE_TIME_ZONE: 'Europe/Moscow',
        OVERLAP_WINDOW_SECONDS: '300',
        INITIAL_SYNC_START: '2010-01-01',
        PUBLISH_BACKFILL_EVENTS: 'false',
        PAGE_CONCURRENCY: '1',
        STOP_MARGIN_SECONDS: '60',
        POWERTOOLS_SERVICE_NAME: 'tripster-order-sync',
        POWERTOOLS_METRICS_NAMESPACE: 'TripsterOrderSync',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
  });

  it('logs to its own log group kept one month', () => {
    const logGroup = onlyResource(template, 'AWS::Logs::LogGroup');

    expect(logGroup.Properties).toEqual({ RetentionInDays: 30 });
    expect(properties.LoggingConfig).toEqual({
      LogGroup: stack.resolve(stack.sync.logGroup.logGroupName),
    });
  });
});

describe('sync function with custom props', () => {
  let template: Template;
  let variables: Record<string, unknown>;
  let properties: Record<string, unknown>;

  beforeAll(() => {
    ({ template } = synthesize({
      sync: {
        apiBase: 'https://sandbox.example.com/api',
        authScheme: 'Token',
        sourceTimeZone: 'UTC',
        overlapWindow: Duration.minutes(10),
        initialSyncStart: '2024-03-01',
        publishBackfillEvents: true,
        pageConcurrency: 3,
        stopMargin: Duration.seconds(90),
        logLevel: 'DEBUG',
        memorySize: 512,
        timeout: Duration.minutes(5),
        checkpointParameterName: '/custom/checkpoint',
        credentialsParameterName: '/custom/credentials',
      },
    }));
    properties = onlyResource(template, 'AWS::Lambda::Function')
      .Properties as Record<string, unknown>;
    variables = (properties.Environment as { Variables: typeof variables })
      .Variables;
  });

  it('passes the settings to the environment', () => {
    expect(variables).toMatchObject({
      TRIPSTER_API_BASE: 'https://sandbox.example.com/api',
      TRIPSTER_AUTH_SCHEME: 'Token',
      SOURCE_TIME_ZONE: 'UTC',
      OVERLAP_WINDOW_SECONDS: '600',
      INITIAL_SYNC_START: '2024-03-01',
      PUBLISH_BACKFILL_EVENTS: 'true',
      PAGE_CONCURRENCY: '3',
      STOP_MARGIN_SECONDS: '90',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      CREDENTIALS_PARAMETER_NAME: '/custom/credentials',
    });
  });

  it('uses the given memory and timeout', () => {
    expect(properties.MemorySize).toBe(512);
    expect(properties.Timeout).toBe(300);
  });

  it('names the checkpoint parameter as given', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/custom/checkpoint',
    });
  });
});
