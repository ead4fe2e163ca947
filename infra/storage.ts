import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

/** Value of a checkpoint that has never been written: sync from the start. */
export const EMPTY_CHECKPOINT = '{}';

// Both tables hold data that cannot be rebuilt cheaply: the orders as the
// sync last saw them, and records an operator has yet to replay. So they
// survive `cdk destroy` and an accidental delete.
function createProtectedTable(
  scope: Construct,
  id: string,
  partitionKey: { name: string; type: AttributeType },
): Table {
  return new Table(scope, id, {
    partitionKey,
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** Creates the orders table, keyed by the Tripster order id. */
export function createOrdersTable(scope: Construct): Table {
  return createProtectedTable(scope, 'OrdersTable', {
    name: 'id',
    type: AttributeType.NUMBER,
  });
}

/** Creates the table of records that failed validation. */
export function createRejectedRecordsTable(scope: Construct): Table {
  return createProtectedTable(scope, 'RejectedRecordsTable', {
    name: 'record_key',
    type: AttributeType.STRING,
  });
}

/**
 * Creates the checkpoint parameter with an empty checkpoint. The function
 * overwrites the value after each pass.
 *
 * NOTE: CloudFormation writes `{}` again whenever a property of this
 * resource changes, which restarts the sync from INITIAL_SYNC_START. Change
 * its name or description only when a full resync is acceptable.
 */
export function createCheckpointParameter(
  scope: Construct,
  parameterName: string,
): StringParameter {
  return new StringParameter(scope, 'CheckpointParameter', {
    parameterName,
    stringValue: EMPTY_CHECKPOINT,
    tier: ParameterTier.STANDARD,
    description: 'Tripster order sync checkpoint, written by the function',
  });
}
