import { Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack } from './synth';

function acknowledgedReasons(root: IConstruct): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        Object.assign(reasons, entry.data);
      }
    }
  }
  return reasons;
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged', () => {
    const stack = buildStack({ alarmEmail: 'ops@example.com' });

    const report = new AwsSolutionsChecks().validateScope(stack);

    expect(report.violations).toEqual([]);
  });

  it('finds nothing with a credentials key', () => {
    const credentialsKey = Key.fromKeyArn(
      new Stack(),
      'Key',
      'arn:aws:kms:eu-west-1:123456789012:key/1234abcd',
    );
    const stack = buildStack({ sync: { credentialsKey } });

    const report = new AwsSolutionsChecks().validateScope(stack);

    expect(report.violations).toEqual([]);
  });

  it('acknowledges each finding with a reason', () => {
    const stack = buildStack();

    const reasons = acknowledgedReasons(stack);

    expect(Object.keys(reasons).sort()).toEqual([
      'Annotation::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:' +
        '<AWS::Region>:<AWS::AccountId>:key/*]',
      'Annotation::AwsSolutions-SQS3',
    ]);
    for (const reason of Object.values(reasons)) {
      expect(reason.length).toBeGreaterThan(40);
    }
  });
});
