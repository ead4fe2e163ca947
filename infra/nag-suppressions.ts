import { Validations } from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

/** Findings of the cdk-nag AwsSolutions pack that the design accepts. */
export interface AcceptedFindings {
  readonly deadLetterQueue: IQueue;
  /** The function role, whose default policy contains every statement. */
  readonly role: IConstruct;
  /** True when the credentials use the AWS managed key of SSM. */
  readonly awsManagedCredentialsKey: boolean;
  /** True when an imported orders table has a customer managed key. */
  readonly tableKeyGranted: boolean;
}

/** Acknowledges the accepted findings, each with its reason. */
export function acknowledgeAcceptedFindings(findings: AcceptedFindings): void {
  Validations.of(findings.deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the function and of ' +
      'the schedule rule; a queue behind it would only move the failed ' +
      'events one step further.',
  });

  const role = Validations.of(findings.role);
  if (findings.awsManagedCredentialsKey) {
    role.acknowledge({
      id:
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:' +
        '<AWS::Region>:<AWS::AccountId>:key/*]',
      reason:
        'The ARN of the AWS managed key alias/aws/ssm is unknown at synth ' +
        'time. kms:ViaService limits the statement to calls made through ' +
        'SSM, and the PARAMETER_ARN encryption context limits it to the ' +
        'credentials parameter.',
    });
  }

  if (findings.tableKeyGranted) {
    const reason =
      'An imported table encrypted with a customer managed key needs the ' +
      'key actions that the DynamoDB grants of the CDK use; the statement ' +
      'names only that key.';
    role.acknowledge(
      { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
      { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
    );
  }
}
