import type { AuthScheme } from '../../lambda/config';
import { CredentialsRejectedError, errorMessage } from '../../lambda/errors';
import { toSourceTimestamp } from '../../lambda/source-time';
import type { PartnerCredentials } from '../../lambda/stores/credentials-writer';
import { TripsterClient } from '../../lambda/tripster/client';
import { CommandError } from '../errors';

export interface CheckTarget {
  readonly apiBase: URL;
  readonly partnerId: string;
  readonly authScheme: AuthScheme;
  readonly sourceTimeZone: string;
  readonly now: Date;
}

/** Attempts per request of the check, fewer than the function makes. */
const CHECK_MAX_ATTEMPTS = 3;
const CHECK_TIMEOUT_MS = 30_000;

/**
 * Checks credentials the way the function uses them: the function's client
 * exchanges them for a token, then reads the first page of orders changed
 * since now. Throws when Tripster rejects them or cannot be reached.
 */
export async function checkCredentials(
  credentials: PartnerCredentials,
  target: CheckTarget,
): Promise<void> {
  const client = new TripsterClient({
    apiBase: target.apiBase,
    partnerId: target.partnerId,
    authScheme: target.authScheme,
    credentials: { get: async () => credentials },
    requestTimeoutMs: CHECK_TIMEOUT_MS,
    maxAttempts: CHECK_MAX_ATTEMPTS,
  });
  const since = toSourceTimestamp(target.now, target.sourceTimeZone);
  try {
    await client.fetchPage(client.firstPageUrl('updated_after', since));
  } catch (error) {
    throw checkFailure(error, target.apiBase);
  }
}

function checkFailure(error: unknown, apiBase: URL): CommandError {
  if (error instanceof CredentialsRejectedError) {
    // The client's message ends with advice for the function's operator,
    // so only its first sentence, Tripster's response, is kept.
    const answer = error.message.split('. ')[0];

    return new CommandError(`${answer}. Nothing was stored.`);
  }

  return new CommandError(
    `Could not check the credentials with Tripster at ${apiBase.href}: ${errorMessage(error)}. Nothing was stored.`,
  );
}
