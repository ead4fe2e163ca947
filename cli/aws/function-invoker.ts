import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AwsOperationError, errorMessage } from '../../lambda/errors';
import type { AwsClients } from './clients';

/**
 * Starts one run of the sync function without waiting for it (invocation
 * type Event). Lambda queues the event and retries it while the function
 * is throttled, up to the function's maximum event age, so with a reserved
 * concurrency of 1 the run starts after a run in progress ends. Returns the
 * HTTP status, 202 when Lambda accepted the event.
 */
export async function invokeAsync(
  clients: AwsClients,
  functionName: string,
): Promise<number> {
  const client = clients.track(
    'lambda',
    () => new LambdaClient(clients.config),
  );
  try {
    const output = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        // The handler ignores the event: every run starts from the checkpoint.
        Payload: new TextEncoder().encode('{}'),
      }),
    );

    return output.StatusCode ?? 0;
  } catch (error) {
    throw new AwsOperationError(
      'Invoke',
      `function ${functionName}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}
