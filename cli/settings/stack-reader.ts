import {
  CloudFormationClient,
  DescribeStacksCommand,
  type Output,
} from '@aws-sdk/client-cloudformation';
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { AwsOperationError, errorMessage } from '../../lambda/errors';
import type { AwsClients } from '../aws/clients';
import type { StackReader } from './resolver';
import { SETTING_SOURCES } from './sources';

/**
 * Reads the settings of a deployed stack: the outputs name the tables,
 * parameters, topic and function, and the function's environment gives
 * the Tripster settings, with the same variable names the function reads.
 */
export function createStackReader(clients: AwsClients): StackReader {
  return async (stackName) => {
    const outputs = await describeOutputs(clients, stackName);
    if (outputs === undefined) {
      return {
        values: {},
        problem: `stack ${stackName} was not found${inRegion(clients)}`,
      };
    }
    const values = fromOutputs(outputs);
    const functionName = values.FUNCTION_NAME;
    if (functionName === undefined) {
      return { values, problem: 'the stack has no FunctionName output' };
    }
    try {
      const environment = await functionEnvironment(clients, functionName);

      return { values: { ...environment, ...values } };
    } catch (error) {
      return {
        values,
        problem: `the environment of function ${functionName} could not be read: ${errorMessage(error)}`,
      };
    }
  };
}

/** Returns the stack's outputs, or undefined when there is no such stack. */
async function describeOutputs(
  clients: AwsClients,
  stackName: string,
): Promise<Output[] | undefined> {
  const client = clients.track(
    'cloudFormation',
    () => new CloudFormationClient(clients.config),
  );
  try {
    const output = await client.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );

    return output.Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    // CloudFormation reports a missing stack as a ValidationError.
    if (error instanceof Error && /does not exist/.test(error.message)) {
      return undefined;
    }
    throw new AwsOperationError(
      'DescribeStacks',
      `stack ${stackName}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

function fromOutputs(outputs: Output[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const source of SETTING_SOURCES) {
    const output = outputs.find((item) => item.OutputKey === source.output);
    if (output?.OutputValue) {
      values[source.key] = output.OutputValue;
    }
  }

  return values;
}

async function functionEnvironment(
  clients: AwsClients,
  functionName: string,
): Promise<Record<string, string>> {
  const client = clients.track(
    'lambda',
    () => new LambdaClient(clients.config),
  );
  const output = await client.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );

  return output.Environment?.Variables ?? {};
}

function inRegion(clients: AwsClients): string {
  const region = clients.config.region;

  return region === undefined ? '' : ` in ${region}`;
}
