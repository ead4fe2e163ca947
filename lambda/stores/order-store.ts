import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { backoffDelayMs, realSleep, type Sleep } from '../backoff';
import { AwsOperationError, errorMessage } from '../errors';
import type { OrderItem, StoredOrderState } from '../order-item';

/** DynamoDB reads at most 100 keys per BatchGetItem. */
const BATCH_GET_KEYS = 100;
/** Rounds of BatchGetItem before unprocessed keys become an error. */
const MAX_ROUNDS = 8;
/** Conditional writes in flight at once. */
const PARALLEL_WRITES = 16;
/**
 * The attributes that `getStates` reads. `status` is a reserved word, so it
 * goes through a placeholder.
 */
const STATE_PROJECTION = {
  ProjectionExpression:
    'id, #status, updated_at, start_at, sync_content_hash, sync_first_seen_at, sync_status_history, sync_pending_events',
  ExpressionAttributeNames: { '#status': 'status' },
};

export interface SaveResult {
  readonly written: number;
  /** Ids whose stored `updated_at` was newer, so nothing was written. */
  readonly stale: number[];
}

/** The orders table: one item per order, keyed by `id` (Number). */
export class OrderStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Reads what the table holds for these ids; absent ids are not in the map. */
  async getStates(
    ids: readonly number[],
  ): Promise<Map<number, StoredOrderState>> {
    const states = new Map<number, StoredOrderState>();
    for (const item of await this.read(ids, STATE_PROJECTION)) {
      states.set(item.id, item as unknown as StoredOrderState);
    }

    return states;
  }

  /** Reads whole items; absent ids are left out. */
  getItems(ids: readonly number[]): Promise<OrderItem[]> {
    return this.read(ids, {});
  }

  /**
   * Writes items with a condition that the stored `updated_at` is not newer,
   * so a resumed backfill never undoes a newer incremental write. Each item
   * is its own conditional PutItem, a few at a time: unlike a transaction,
   * one item's failed condition costs nothing for the others. After a write
   * fails, no other starts, and the error is thrown once the writes in flight
   * have ended, so a failed run writes nothing after it returns.
   */
  async save(items: readonly OrderItem[]): Promise<SaveResult> {
    const stale: number[] = [];
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (failure === undefined && next < items.length) {
        const item = items[next++] as OrderItem;
        try {
          if (!(await this.put(item))) {
            stale.push(item.id);
          }
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_WRITES }, worker));
    if (failure !== undefined) {
      throw failure.error;
    }

    return { written: items.length - stale.length, stale };
  }

  private async read(
    ids: readonly number[],
    projection: Partial<typeof STATE_PROJECTION>,
  ): Promise<OrderItem[]> {
    const items: OrderItem[] = [];
    for (let start = 0; start < ids.length; start += BATCH_GET_KEYS) {
      const keys = ids
        .slice(start, start + BATCH_GET_KEYS)
        .map((id) => ({ id }));
      items.push(...(await this.batchGet(keys, projection)));
    }

    return items;
  }

  private async batchGet(
    keys: { id: number }[],
    projection: Partial<typeof STATE_PROJECTION>,
  ): Promise<OrderItem[]> {
    const found: OrderItem[] = [];
    let pending: Record<string, unknown>[] = keys;
    for (let round = 1; pending.length > 0; round++) {
      if (round > MAX_ROUNDS) {
        throw new AwsOperationError(
          'BatchGetItem',
          `${pending.length} keys of ${this.tableName} stayed unprocessed after ${MAX_ROUNDS} rounds`,
        );
      }
      if (round > 1) {
        await this.sleep(backoffDelayMs(round - 1, 50, 2000));
      }
      const output = await this.send('BatchGetItem', () =>
        this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ConsistentRead: true,
                ...projection,
              },
            },
          }),
        ),
      );
      found.push(
        ...((output.Responses?.[this.tableName] ?? []) as OrderItem[]),
      );
      pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }

    return found;
  }

  /** Returns false when the table contains a newer version of the order. */
  private async put(item: OrderItem): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression:
            'attribute_not_exists(id) OR updated_at <= :updated_at',
          ExpressionAttributeValues: { ':updated_at': item.updated_at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return false;
      }
      throw new AwsOperationError(
        'PutItem',
        `order ${item.id} in ${this.tableName}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AwsOperationError(
        operation,
        `${this.tableName}: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}
