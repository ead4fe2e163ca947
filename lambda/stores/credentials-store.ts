import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { AwsOperationError, ConfigurationError } from '../errors';
import { isPlainObject } from '../json';

/** Contents of the credentials parameter: a partner secret, or a ready token. */
export type Credentials =
  | { readonly partner: string; readonly secret: string }
  | { readonly token: string };

/**
 * Reads the credentials SecureString, decrypted, and keeps it for
 * `cacheSeconds` across warm invocations. Errors never include the value.
 */
export class CredentialsStore {
  constructor(
    private readonly provider: SSMProvider,
    private readonly parameterName: string,
    private readonly cacheSeconds: number,
  ) {}

  /** Returns the credentials; `forceFetch` skips the cache, as after a rotation. */
  async get(forceFetch = false): Promise<Credentials> {
    let text: string | undefined;
    try {
      text = await this.provider.get(this.parameterName, {
        decrypt: true,
        maxAge: this.cacheSeconds,
        forceFetch,
      });
    } catch (error) {
      throw this.readFailure(error);
    }

    return this.parse(text);
  }

  private parse(text: string | undefined): Credentials {
    let value: unknown;
    try {
      value = JSON.parse(text ?? '');
    } catch {
      value = undefined;
    }
    if (isPlainObject(value)) {
      const { partner, secret, token } = value;
      if (isFilled(partner) && isFilled(secret)) {
        return { partner, secret };
      }
      if (isFilled(token)) {
        return { token };
      }
    }
    throw new ConfigurationError(
      `Credentials parameter ${this.parameterName} must hold JSON {"partner": "...", "secret": "..."} or {"token": "..."}. Store it again as a SecureString.`,
    );
  }

  private readFailure(error: unknown): Error {
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    if (cause instanceof Error && cause.name === 'ParameterNotFound') {
      return new ConfigurationError(
        `Credentials parameter ${this.parameterName} does not exist. Create it: aws ssm put-parameter --type SecureString --name ${this.parameterName} --value '{"partner":"...","secret":"..."}'`,
        { cause },
      );
    }

    return new AwsOperationError(
      'GetParameter',
      `credentials parameter ${this.parameterName}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
