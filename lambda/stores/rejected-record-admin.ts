import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { AwsOperationError, errorMessage } from '../errors';

/** An item of the rejected records table, as `RejectedRecordStore` writes it. */
export interface StoredRejectedRecord {
  readonly record_key: string;
  readonly order_id: number | null;
  readonly feed: string;
  readonly reason: string;
  /** The record's JSON, cut at 32,768 characters when `raw_truncated`. */
  readonly raw: string;
  readonly raw_truncated: boolean;
  readonly rejected_count: number;
  /** ISO 8601 UTC times of the first and the latest rejection. */
  readonly first_rejected_at: string;
  readonly last_rejected_at: string;
}

/**
 * Operator access to the rejected records table: list, read, count and
 * delete the records that the sync set aside.
 */
export class RejectedRecordAdmin {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Scans the table one page at a time. */
  async *list(): AsyncGenerator<StoredRejectedRecord[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.send('Scan', () =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      yield (output.Items ?? []) as StoredRejectedRecord[];
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  async get(recordKey: string): Promise<StoredRejectedRecord | undefined> {
    const output = await this.send('GetItem', () =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { record_key: recordKey },
          ConsistentRead: true,
        }),
      ),
    );

    return output.Item as StoredRejectedRecord | undefined;
  }

  /** Counts the items with a scan that returns no attributes. */
  async count(): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.send('Scan', () =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            Select: 'COUNT',
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      total += output.Count ?? 0;
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);

    return total;
  }

  async delete(recordKey: string): Promise<void> {
    await this.send('DeleteItem', () =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { record_key: recordKey },
        }),
      ),
    );
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AwsOperationError(
        operation,
        `${this.tableName}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
}
