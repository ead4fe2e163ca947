import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterArn } from '../../infra/permissions';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { onlyResource, PARTNER_ID, synthesize } from './synth';

const KEY_ARN =
  'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: unknown;
}

function roleStatements(template: Template): Statement[] {
  const policy = onlyResource(template, 'AWS::IAM::Policy') as {
    Properties: { PolicyDocument: { Statement: Statement[] } };
  };
  return policy.Properties.PolicyDocument.Statement;
}

describe('function role', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;
  let statements: Statement[];

  beforeAll(() => {
    ({ stack, template } = synthesize());
    statements = roleStatements(template);
  });

  it('grants exactly the calls of the function', () => {
    const sync = stack.sync;
    const credentialsArn = stack.resolve(
      parameterArn(stack, `/tripster-order-sync/${PARTNER_ID}/credentials`),
    );

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: stack.resolve(sync.logGroup.logGroupArn),
      },
      { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: credentialsArn },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: stack.resolve(
          Stack.of(stack).formatArn({
            service: 'kms',
            resource: 'key',
            resourceName: '*',
          }),
        ),
        Condition: {
          StringEquals: {
            'kms:EncryptionContext:PARAMETER_ARN': credentialsArn,
            'kms:ViaService': stack.resolve(
              `ssm.${stack.region}.${stack.urlSuffix}`,
            ),
          },
        },
      },
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:PutParameter'],
        Resource: stack.resolve(sync.checkpointParameter.parameterArn),
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
        Resource: stack.resolve(sync.table.tableArn),
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: stack.resolve(sync.rejectedRecordsTable.tableArn),
      },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: stack.resolve(sync.topic.topicArn),
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: stack.resolve(sync.deadLetterQueue.queueArn),
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: stack.resolve(sync.topicKey?.keyArn),
      },
    ]);
  });

  it('names a resource in every statement', () => {
    for (const statement of statements) {
      expect(statement.Resource).not.toBe('*');
    }
  });

  it('has no managed policies', () => {
    const role = onlyResource(template, 'AWS::IAM::Role') as {
      Properties: Record<string, unknown>;
    };

    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('is the only policy', () => {
    template.resourceCountIs('AWS::IAM::Policy', 1);
  });
});

describe('function role with a credentials key', () => {
  let template: Template;
  let statements: Statement[];

  beforeAll(() => {
    const scratch = new Stack();
    const credentialsKey = Key.fromKeyArn(scratch, 'Key', KEY_ARN);
    ({ template } = synthesize({ sync: { credentialsKey } }));
    statements = roleStatements(template);
  });

  it('decrypts with that key only', () => {
    const decrypt = statements.find(
      (statement) =>
        statement.Action === 'kms:Decrypt' && statement.Resource === KEY_ARN,
    );

    expect(decrypt?.Condition).toEqual({
      StringEquals: {
        'kms:EncryptionContext:PARAMETER_ARN': expect.anything(),
      },
    });
  });

  it('names no wildcard key', () => {
    const text = JSON.stringify(statements);

    expect(text).not.toContain(':key/*');
  });
});
