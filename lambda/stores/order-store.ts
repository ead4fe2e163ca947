import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { realSleep, type Sleep } from '../backoff';
import { AwsOperationError, errorMessage } from '../errors';
import type { OrderItem, StoredOrderState } from '../order-item';
import { forEachLimited } from '../parallel';
import {
  chunk,
  describeOrders,
  isInvalidRequestError,
  sendInRounds,
} from './batch-requests';

/** DynamoDB reads at most 100 keys per BatchGetItem. */
const BATCH_GET_KEYS = 100;
/**
 * DynamoDB writes at most 25 items per BatchWriteItem. A request may carry
 * 16 MB. Validation lets through 65,536 characters of JSON a record, at
 * most about 200 KB in UTF-8, so 25 items stay far below it and are
 * counted, not sized.
 */
export const BATCH_WRITE_ITEMS = 25;
/** Conditional writes in flight at once. */
const PARALLEL_WRITES = 16;
/** BatchWriteItem requests in flight at once. */
const PARALLEL_BATCHES = 4;
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
  /** Items that DynamoDB rejected as invalid, so nothing was written. */
  readonly rejected: RejectedWrite[];
}

/** An item that DynamoDB would not store, with its reason. */
export interface RejectedWrite {
  readonly item: OrderItem;
  readonly reason: string;
}

/**
 * The write strategy of `save`. `batch` puts 25 items per BatchWriteItem,
 * which takes no condition. It is for the function alone: reserved
 * concurrency keeps it the table's only writer, and it writes only records
 * that it found no older than the table contains (a strongly consistent read,
 * or the page before it in the same pass), so it never writes an older
 * order over a newer one. `conditional` writes each item with a PutItem
 * whose condition keeps a newer stored `updated_at`, for a writer that may
 * run while the function does.
 */
export type WriteMode = 'batch' | 'conditional';

export interface OrderStoreOptions {
  /** @default 'conditional' */
  readonly writeMode?: WriteMode;
  /** Waits between rounds of unprocessed keys or items. */
  readonly sleep?: Sleep;
}

/** The orders table: one item per order, keyed by `id` (Number). */
export class OrderStore {
  private readonly writeMode: WriteMode;
  private readonly sleep: Sleep;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: OrderStoreOptions = {},
  ) {
    this.writeMode = options.writeMode ?? 'conditional';
    this.sleep = options.sleep ?? realSleep;
  }

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
   * Writes items in the store's write mode, a few batches or items at a
   * time. An item that DynamoDB rejects as invalid is reported, not
   * thrown, so that the caller can set its record aside. After any other
   * failure no new batch or item starts, and the error is thrown once
   * those in flight have ended, so a failed run writes nothing after it
   * returns.
   */
  async save(items: readonly OrderItem[]): Promise<SaveResult> {
    const stale: number[] = [];
    const rejected: RejectedWrite[] = [];
    if (this.writeMode === 'batch') {
      const batches = chunk(items, BATCH_WRITE_ITEMS);
      await forEachLimited(batches, PARALLEL_BATCHES, async (batch) => {
        rejected.push(...(await this.writeBatch(batch)));
      });
    } else {
      await forEachLimited(items, PARALLEL_WRITES, async (item) => {
        const outcome = await this.put(item);
        if (outcome === 'stale') {
          stale.push(item.id);
        } else if (outcome !== 'written') {
          rejected.push(outcome);
        }
      });
    }

    return {
      written: items.length - stale.length - rejected.length,
      stale,
      rejected,
    };
  }

  private async read(
    ids: readonly number[],
    projection: Partial<typeof STATE_PROJECTION>,
  ): Promise<OrderItem[]> {
    const items: OrderItem[] = [];
    for (const batch of chunk(ids, BATCH_GET_KEYS)) {
      const keys = batch.map((id) => ({ id }));
      items.push(...(await this.batchGet(keys, projection)));
    }

    return items;
  }

  private async batchGet(
    keys: { id: number }[],
    projection: Partial<typeof STATE_PROJECTION>,
  ): Promise<OrderItem[]> {
    const found: OrderItem[] = [];
    await this.inRounds('BatchGetItem', 'keys', keys, async (pending) => {
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

      return (output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as {
        id: number;
      }[];
    });

    return found;
  }

  /**
   * Puts one batch and returns the items that DynamoDB rejects. It rejects
   * a whole batch for one item it cannot store, so the items of a rejected
   * batch are then put one at a time, and only the invalid ones are left
   * out. When it rejects every item of a batch, the cause is more likely
   * the table than the records (a key of another type, say), so that error
   * is thrown, as is any other error.
   */
  private async writeBatch(
    items: readonly OrderItem[],
  ): Promise<RejectedWrite[]> {
    let batchError: unknown;
    try {
      await this.putBatch(items);
      return [];
    } catch (error) {
      if (!isInvalidRequestError(error)) {
        throw error;
      }
      batchError = error;
    }
    if (items.length === 1) {
      return [rejectedWrite(items[0] as OrderItem, batchError)];
    }
    const rejected: RejectedWrite[] = [];
    for (const item of items) {
      try {
        await this.putBatch([item]);
      } catch (error) {
        if (!isInvalidRequestError(error)) {
          throw error;
        }
        rejected.push(rejectedWrite(item, error));
      }
    }
    if (rejected.length === items.length) {
      throw batchError;
    }

    return rejected;
  }

  /**
   * Puts items with one BatchWriteItem, and sends unprocessed items again.
   * The items replace what the table holds, whatever its `updated_at`.
   */
  private async putBatch(items: readonly OrderItem[]): Promise<void> {
    type PutRequest = { PutRequest: { Item: Record<string, unknown> } };
    const requests: PutRequest[] = items.map((item) => ({
      PutRequest: { Item: item },
    }));
    await this.inRounds(
      'BatchWriteItem',
      'items',
      requests,
      async (pending) => {
        const ids = pending.map((request) => request.PutRequest.Item.id);
        const output = await this.send(
          'BatchWriteItem',
          () =>
            this.client.send(
              new BatchWriteCommand({
                RequestItems: { [this.tableName]: pending },
              }),
            ),
          describeOrders(ids),
        );

        return (output.UnprocessedItems?.[this.tableName] ??
          []) as PutRequest[];
      },
    );
  }

  private inRounds<T>(
    operation: string,
    noun: string,
    requests: T[],
    send: (pending: T[]) => Promise<T[]>,
  ): Promise<void> {
    const request = { operation, noun, tableName: this.tableName };

    return sendInRounds(request, requests, send, this.sleep);
  }

  /**
   * Puts one item with the condition that the table contains no newer
   * version of the order; `stale` when it does.
   */
  private async put(
    item: OrderItem,
  ): Promise<'written' | 'stale' | RejectedWrite> {
    try {
      await this.send(
        'PutItem',
        () =>
          this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: item,
              ConditionExpression:
                'attribute_not_exists(id) OR updated_at <= :updated_at',
              ExpressionAttributeValues: { ':updated_at': item.updated_at },
            }),
          ),
        `order ${item.id} in `,
      );
      return 'written';
    } catch (error) {
      const cause = (error as AwsOperationError).cause;
      if (cause instanceof ConditionalCheckFailedException) {
        return 'stale';
      }
      if (isInvalidRequestError(error)) {
        return rejectedWrite(item, error);
      }
      throw error;
    }
  }

  private async send<T>(
    operation: string,
    call: () => Promise<T>,
    subject = '',
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AwsOperationError(
        operation,
        `${subject}${this.tableName}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
}

/** Describes an item that DynamoDB rejected, with DynamoDB's own message. */
function rejectedWrite(item: OrderItem, error: unknown): RejectedWrite {
  const cause = (error as AwsOperationError).cause;

  return {
    item,
    reason: `DynamoDB rejected the order: ${errorMessage(cause)}`,
  };
}
