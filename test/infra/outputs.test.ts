import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { PARTNER_ID, synthesize } from './synth';

describe('stack outputs', () => {
  let stack: TripsterOrderSyncStack;
  let outputs: Record<string, { Value: unknown }>;

  beforeAll(() => {
    let template: Template;
    ({ stack, template } = synthesize());
    outputs = template.toJSON().Outputs;
  });

  it('are exactly the names the tool reads', () => {
    expect(Object.keys(outputs).sort()).toEqual([
      'CheckpointParameterName',
      'CredentialsParameterName',
      'DeadLetterQueueUrl',
      'FunctionName',
      'OrderEventsTopicArn',
      'OrdersTableName',
      'RejectedRecordsTableName',
    ]);
  });

  it('point at the deployed resources', () => {
    const sync = stack.sync;
    const expected = {
      FunctionName: sync.function.functionName,
      OrdersTableName: sync.table.tableName,
      RejectedRecordsTableName: sync.rejectedRecordsTable.tableName,
      OrderEventsTopicArn: sync.topic.topicArn,
      CheckpointParameterName: sync.checkpointParameter.parameterName,
      DeadLetterQueueUrl: sync.deadLetterQueue.queueUrl,
    };

    for (const [id, value] of Object.entries(expected)) {
      expect(outputs[id]?.Value).toEqual(stack.resolve(value));
    }
  });

  it('give the credentials parameter name', () => {
    expect(outputs.CredentialsParameterName?.Value).toBe(
      `/tripster-order-sync/${PARTNER_ID}/credentials`,
    );
  });
});
