import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { AwsOperationError } from '../errors';

/** The partner id and secret that the token exchange takes. */
export interface PartnerCredentials {
  readonly partner: string;
  readonly secret: string;
}

/**
 * Writes the credentials SecureString that `CredentialsStore` reads. Errors
 * never carry the value, nor the AWS error's cause: an SSM validation
 * message can quote the value it rejected.
 */
export class CredentialsWriter {
  constructor(
    private readonly client: SSMClient,
    private readonly parameterName: string,
  ) {}

  /**
   * Stores the credentials, replacing any earlier value, encrypted with
   * `keyId` or the AWS managed key `alias/aws/ssm`. Returns the version.
   */
  async put(credentials: PartnerCredentials, keyId?: string): Promise<number> {
    const value = JSON.stringify({
      partner: credentials.partner,
      secret: credentials.secret,
    });
    try {
      const output = await this.client.send(
        new PutParameterCommand({
          Name: this.parameterName,
          Value: value,
          Type: 'SecureString',
          KeyId: keyId,
          Overwrite: true,
        }),
      );

      return output.Version ?? 0;
    } catch (error) {
      throw new AwsOperationError(
        'PutParameter',
        `credentials parameter ${this.parameterName}: ${redact(error, [value, credentials.secret])}`,
      );
    }
  }
}

function redact(error: unknown, secrets: string[]): string {
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets.filter((text) => text !== '')) {
    message = message.split(secret).join('[redacted]');
  }
  const name = error instanceof Error ? error.name : 'Error';

  return `${name}: ${message}`;
}
