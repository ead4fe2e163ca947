import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

/** Resources that the function reads or writes. */
export interface SyncResources {
  readonly credentialsParameterName: string;
  readonly credentialsKey: IKey | undefined;
  readonly checkpointParameter: IStringParameter;
  readonly ordersTable: ITable;
  readonly rejectedRecordsTable: ITable;
  readonly topic: ITopic;
  readonly deadLetterQueue: IQueue;
}

/** Returns the ARN of an SSM parameter with or without a leading slash. */
export function parameterArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: name.replace(/^\//, ''),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * Grants the function exactly the calls it makes, each on exactly one
 * resource. The `grant*` methods of the tables would add actions that the
 * function never calls, so the statements are written out.
 */
export function grantSyncPermissions(
  fn: IFunction,
  resources: SyncResources,
): void {
  const credentialsArn = parameterArn(fn, resources.credentialsParameterName);
  const statements = [
    allow(['ssm:GetParameter'], [credentialsArn]),
    credentialsDecryptStatement(fn, credentialsArn, resources.credentialsKey),
    allow(
      ['ssm:GetParameter', 'ssm:PutParameter'],
      [resources.checkpointParameter.parameterArn],
    ),
    allow(
      ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
      [resources.ordersTable.tableArn],
    ),
    allow(['dynamodb:UpdateItem'], [resources.rejectedRecordsTable.tableArn]),
    allow(['sns:Publish'], [resources.topic.topicArn]),
    allow(['sqs:SendMessage'], [resources.deadLetterQueue.queueArn]),
  ];
  for (const statement of statements) {
    fn.addToRolePolicy(statement);
  }

  // Publishing to an encrypted topic needs its key. An imported table with
  // a customer managed key needs that key too.
  const topicKey = resources.topic.masterKey;
  if (topicKey !== undefined) {
    fn.addToRolePolicy(
      allow(['kms:Decrypt', 'kms:GenerateDataKey'], [topicKey.keyArn]),
    );
  }
  resources.ordersTable.encryptionKey?.grantEncryptDecrypt(fn);
}

function allow(actions: string[], resources: string[]): PolicyStatement {
  return new PolicyStatement({ actions, resources });
}

// SSM decrypts a SecureString with KMS under an encryption context that
// names the parameter ARN, so the condition limits kms:Decrypt to the
// credentials parameter even on a shared key.
function credentialsDecryptStatement(
  scope: Construct,
  credentialsArn: string,
  key: IKey | undefined,
): PolicyStatement {
  const stack = Stack.of(scope);
  const encryptionContext = {
    'kms:EncryptionContext:PARAMETER_ARN': credentialsArn,
  };
  if (key !== undefined) {
    return new PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: encryptionContext },
    });
  }

  // The ARN behind alias/aws/ssm differs per account and region and is not
  // known at synth time, so the statement names any key used through SSM.
  const anyKeyArn = stack.formatArn({
    service: 'kms',
    resource: 'key',
    resourceName: '*',
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  return new PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [anyKeyArn],
    conditions: {
      StringEquals: {
        ...encryptionContext,
        'kms:ViaService': `ssm.${stack.region}.${stack.urlSuffix}`,
      },
    },
  });
}
