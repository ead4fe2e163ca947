import {
  CloudFormationClient,
  CreateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { motoClientConfig, type SyncResources } from '../support/aws';

/**
 * Creates in moto a stack shaped like the deployed one: the outputs that
 * name the resources, and a function whose environment contains the Tripster
 * settings. The tables, topic and parameters are the ones `resources`
 * already created, and the stack only names them.
 */
export async function createSyncStack(
  endpoint: string,
  stackName: string,
  resources: SyncResources,
): Promise<void> {
  const env = resources.env;
  const template = {
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'lambda.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          },
        },
      },
      Function: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Code: { ZipFile: 'exports.handler = async () => ({});' },
          Environment: {
            Variables: {
              TRIPSTER_API_BASE: env.TRIPSTER_API_BASE,
              TRIPSTER_PARTNER_ID: env.TRIPSTER_PARTNER_ID,
              SOURCE_TIME_ZONE: 'Europe/Moscow',
              ORDERS_TABLE_NAME: resources.ordersTableName,
            },
          },
        },
      },
    },
    Outputs: {
      FunctionName: { Value: { Ref: 'Function' } },
      OrdersTableName: { Value: resources.ordersTableName },
      RejectedRecordsTableName: { Value: resources.rejectsTableName },
      OrderEventsTopicArn: { Value: resources.topicArn },
      CheckpointParameterName: { Value: resources.checkpointParameterName },
      CredentialsParameterName: { Value: resources.credentialsParameterName },
    },
  };
  const client = new CloudFormationClient(motoClientConfig(endpoint));
  await client.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: JSON.stringify(template),
    }),
  );
  client.destroy();
}

/** Returns the environment of an operator's shell: AWS access, no sync settings. */
export function awsOnlyEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
  };
}
