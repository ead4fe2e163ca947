import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AwsOperationError, errorMessage } from '../errors';

/** A table item as the document client returns it. */
export type StoredItem = Record<string, unknown>;

/** Optional conditions on a scan of the orders table. */
export interface OrderScanFilter {
  /** Source timestamp: only items with `updated_at` at or after it. */
  readonly updatedSince?: string;
  /** Only items whose current `status` is this. */
  readonly status?: string;
}

/** One page of a scan: the matching items and how many items were read. */
export interface ScanPage {
  readonly items: StoredItem[];
  readonly scannedCount: number;
}

/**
 * Reads the orders table for operators: one order, every order, and the
 * table's size. Numbers come back as the client's `unmarshallOptions`
 * make them, so a client with `wrapNumbers` keeps money exact.
 */
export class OrderReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Reads one order with a strongly consistent read. */
  async get(id: number): Promise<StoredItem | undefined> {
    const output = await this.send('GetItem', () =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { id },
          ConsistentRead: true,
        }),
      ),
    );

    return output.Item;
  }

  /**
   * Scans the table one page (up to 1 MB) at a time, so a caller that
   * handles each page before asking for the next keeps memory flat.
   */
  async *scan(filter: OrderScanFilter = {}): AsyncGenerator<ScanPage> {
    const input = scanInput(this.tableName, filter);
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.send('Scan', () =>
        this.client.send(
          new ScanCommand({ ...input, ExclusiveStartKey: startKey }),
        ),
      );
      yield {
        items: output.Items ?? [],
        scannedCount: output.ScannedCount ?? 0,
      };
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  /**
   * Returns DescribeTable's ItemCount. It is approximate: AWS updates it
   * about every six hours.
   */
  async approximateItemCount(): Promise<number | undefined> {
    const output = await this.send('DescribeTable', () =>
      this.client.send(new DescribeTableCommand({ TableName: this.tableName })),
    );

    return output.Table?.ItemCount;
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

function scanInput(
  tableName: string,
  filter: OrderScanFilter,
): ScanCommandInput {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.updatedSince !== undefined) {
    // Source timestamps sort as text, so a string comparison is a time one.
    conditions.push('#updated_at >= :since');
    names['#updated_at'] = 'updated_at';
    values[':since'] = filter.updatedSince;
  }
  if (filter.status !== undefined) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (conditions.length === 0) {
    return { TableName: tableName };
  }

  return {
    TableName: tableName,
    FilterExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
