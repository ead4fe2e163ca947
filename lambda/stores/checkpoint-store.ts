import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { type Checkpoint, parseCheckpoint } from '../checkpoint';
import { AwsOperationError, errorMessage } from '../errors';

/** The checkpoint, kept as JSON in an SSM String parameter. */
export class CheckpointStore {
  constructor(
    private readonly client: SSMClient,
    private readonly parameterName: string,
  ) {}

  /** Reads the checkpoint; a missing parameter or `{}` means never synced. */
  async load(): Promise<Checkpoint> {
    let value: string | undefined;
    try {
      const output = await this.client.send(
        new GetParameterCommand({ Name: this.parameterName }),
      );
      value = output.Parameter?.Value;
    } catch (error) {
      if (error instanceof ParameterNotFound) {
        return { feeds: {} };
      }
      throw this.failure('GetParameter', error);
    }

    return parseCheckpoint(value ?? '{}', this.parameterName);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    try {
      await this.client.send(
        new PutParameterCommand({
          Name: this.parameterName,
          Value: JSON.stringify(checkpoint),
          Type: 'String',
          Overwrite: true,
        }),
      );
    } catch (error) {
      throw this.failure('PutParameter', error);
    }
  }

  private failure(operation: string, error: unknown): AwsOperationError {
    return new AwsOperationError(
      operation,
      `checkpoint parameter ${this.parameterName}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}
