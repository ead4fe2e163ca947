import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AwsOperationError, errorMessage } from '../errors';
import { stringifyExactJson } from '../json';
import { toWellFormed } from '../text';

/** A record that failed validation, kept for an operator to read and replay. */
export interface RejectedRecord {
  readonly raw: unknown;
  readonly reason: string;
  readonly orderId: number | undefined;
  readonly feed: string;
}

/** Raw JSON kept per record; the rest is cut so the item stays small. */
const MAX_RAW_CHARS = 32_768;

/**
 * The table of set-aside records, keyed by `record_key`, a digest of the raw
 * JSON. The same bad record fetched again updates its item (the count and
 * the last time) instead of adding another.
 */
export class RejectedRecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async setAside(record: RejectedRecord, rejectedAt: string): Promise<string> {
    const raw = toWellFormed(stringifyExactJson(record.raw));
    const recordKey = createHash('sha256')
      .update(raw)
      .digest('hex')
      .slice(0, 32);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { record_key: recordKey },
          // Every name goes through a placeholder: `raw` is a reserved word.
          UpdateExpression:
            'SET #order_id = :order_id, #reason = :reason, #raw = :raw, #raw_truncated = :truncated, #feed = :feed, #last = :now, #first = if_not_exists(#first, :now) ADD #count :one',
          ExpressionAttributeNames: {
            '#order_id': 'order_id',
            '#reason': 'reason',
            '#raw': 'raw',
            '#raw_truncated': 'raw_truncated',
            '#feed': 'feed',
            '#last': 'last_rejected_at',
            '#first': 'first_rejected_at',
            '#count': 'rejected_count',
          },
          ExpressionAttributeValues: {
            ':order_id': record.orderId ?? null,
            ':reason': record.reason,
            // A cut can split a surrogate pair, so the cut text is mended.
            ':raw': toWellFormed(raw.slice(0, MAX_RAW_CHARS)),
            ':truncated': raw.length > MAX_RAW_CHARS,
            ':feed': record.feed,
            ':now': rejectedAt,
            ':one': 1,
          },
        }),
      );
    } catch (error) {
      throw new AwsOperationError(
        'UpdateItem',
        `could not set aside a record in ${this.tableName}: ${errorMessage(error)}`,
        { cause: error },
      );
    }

    return recordKey;
  }
}
