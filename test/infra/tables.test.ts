import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { synthesize } from './synth';

const PROTECTIONS = {
  BillingMode: 'PAY_PER_REQUEST',
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  DeletionProtectionEnabled: true,
  SSESpecification: { SSEEnabled: true },
};

describe.each([
  ['orders table', 'table', 'id', 'N'],
  ['rejected records table', 'rejectedRecordsTable', 'record_key', 'S'],
] as const)('%s', (_title, member, keyName, keyType) => {
  let stack: TripsterOrderSyncStack;
  let template: Template;
  let resource: { Properties: Record<string, unknown> } & Record<
    string,
    unknown
  >;

  beforeAll(() => {
    ({ stack, template } = synthesize());
    const logicalId = stack.getLogicalId(
      stack.sync[member].node.defaultChild as never,
    );
    resource = template.toJSON().Resources[logicalId];
  });

  it('is keyed by its partition key only', () => {
    expect(resource.Properties.KeySchema).toEqual([
      { AttributeName: keyName, KeyType: 'HASH' },
    ]);
    expect(resource.Properties.AttributeDefinitions).toEqual([
      { AttributeName: keyName, AttributeType: keyType },
    ]);
  });

  it('is on demand, recoverable, protected and encrypted', () => {
    expect(resource.Properties).toMatchObject(PROTECTIONS);
  });

  it('is retained on delete and replace', () => {
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('existing orders table', () => {
  it('is used instead of a new one', () => {
    const scratch = new Stack();
    const table = Table.fromTableName(scratch, 'Orders', 'existing-orders');

    const { template } = synthesize({ sync: { table } });

    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { ORDERS_TABLE_NAME: 'existing-orders' },
      },
    });
  });
});
