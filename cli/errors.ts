import { errorMessage } from '../lambda/errors';

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The command line is wrong or incomplete: an unknown option, a malformed
 * value, a missing setting. The operator fixes the command, and the exit code is 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command ran and failed, such as an order that is not in the table. */
export class CommandError extends Error {
  override name = 'CommandError';
}

export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}

/** Returns the message to print, with a hint for common AWS setup errors. */
export function describeError(error: unknown): string {
  const message = errorMessage(error);
  const name = error instanceof Error ? error.name : '';
  const cause = error instanceof Error ? error.cause : undefined;
  const causeName = cause instanceof Error ? cause.name : '';
  if ([name, causeName].includes('CredentialsProviderError')) {
    return `${message}. Set AWS credentials, for example AWS_PROFILE.`;
  }
  if (/region is missing/i.test(message)) {
    return `${message}. Pass --region or set AWS_REGION.`;
  }

  return message;
}
