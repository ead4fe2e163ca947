import { backoffDelayMs, type Sleep } from '../backoff';
import { AwsOperationError } from '../errors';

/** Rounds of a batch request before unprocessed keys or items become an error. */
const MAX_ROUNDS = 8;

/** A batch request as the error names it when it stays unprocessed. */
export interface BatchRequest {
  /** `BatchGetItem` or `BatchWriteItem`. */
  readonly operation: string;
  /** The things it sends: `keys` or `items`. */
  readonly noun: string;
  readonly tableName: string;
}

/**
 * Sends a batch request, then again for what DynamoDB left unprocessed,
 * with a backoff before each round. `send` returns what is left. After
 * MAX_ROUNDS rounds, what is still left is an error.
 */
export async function sendInRounds<T>(
  request: BatchRequest,
  requests: T[],
  send: (pending: T[]) => Promise<T[]>,
  sleep: Sleep,
): Promise<void> {
  let pending = requests;
  for (let round = 1; pending.length > 0; round++) {
    if (round > MAX_ROUNDS) {
      throw new AwsOperationError(
        request.operation,
        `${pending.length} ${request.noun} of ${request.tableName} stayed unprocessed after ${MAX_ROUNDS} rounds`,
      );
    }
    if (round > 1) {
      await sleep(backoffDelayMs(round - 1, 50, 2000));
    }
    pending = await send(pending);
  }
}

/** DynamoDB's errors for a request it cannot accept as sent. */
const INVALID_REQUEST_ERRORS = new Set([
  'ValidationException',
  'SerializationException',
]);

/** Returns whether DynamoDB rejected the request for its content. */
export function isInvalidRequestError(error: unknown): boolean {
  const cause = error instanceof AwsOperationError ? error.cause : undefined;
  const name = (cause as { name?: unknown } | undefined)?.name;

  return typeof name === 'string' && INVALID_REQUEST_ERRORS.has(name);
}

/** Names the orders of a request for an error message, ending with "in ". */
export function describeOrders(ids: readonly unknown[]): string {
  const first = `order ${ids[0]}`;

  return ids.length > 1
    ? `${first} and ${ids.length - 1} more in `
    : `${first} in `;
}

/** Splits items into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }

  return chunks;
}
