/**
 * Errors the sync raises. Each message names what failed, on which value,
 * and what to do next. None carries a token, a secret or a response body,
 * because a hostile server could echo the token back in its body.
 */
export class SyncError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An environment variable or a stored setting is missing or invalid. */
export class ConfigurationError extends SyncError {}

/** Tripster rejected the credentials or the token (401 twice, or 403). */
export class CredentialsRejectedError extends SyncError {}

/** A Tripster response could not be used: bad status, type, JSON or shape. */
export class SourceResponseError extends SyncError {}

/** A pagination link points somewhere the token must not go. */
export class UnsafeLinkError extends SourceResponseError {}

/** An AWS call failed after the SDK's own retries. */
export class AwsOperationError extends SyncError {
  constructor(
    readonly operation: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed: ${detail}`, options);
  }
}

/** Returns the message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
