import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { backoffDelayMs, realSleep, type Sleep } from '../backoff';
import { AwsOperationError, errorMessage } from '../errors';
import { stringifyExactJson } from '../json';
import { forEachLimited } from '../parallel';
import { isPrintableText } from '../text';
import type { OrderEvent } from './order-event';

/** SNS takes up to 10 messages a batch. */
const BATCH_ENTRIES = 10;
/**
 * SNS takes at most 262,144 bytes a batch, counting each message's UTF-8
 * bytes and its attributes' names, types and values. Batches stop short of
 * it, leaving room for anything SNS counts that `entryBytes` does not.
 */
const BATCH_BYTES = 256_000;
const MAX_ROUNDS = 6;
/** PublishBatch requests in flight at once. */
const PARALLEL_BATCHES = 4;

/** Groups events into batches within the SNS limits of count and bytes. */
function toBatches(
  events: readonly OrderEvent[],
): PublishBatchRequestEntry[][] {
  const batches: PublishBatchRequestEntry[][] = [];
  let batch: PublishBatchRequestEntry[] = [];
  let bytes = 0;
  for (const event of events) {
    const entry = toEntry(event);
    const size = entryBytes(entry);
    if (batch.length === BATCH_ENTRIES || bytes + size > BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ ...entry, Id: `e${batch.length}` });
    bytes += size;
  }
  if (batch.length > 0) {
    batches.push(batch);
  }

  return batches;
}

/** Publishes order events to the topic, in batches, retrying failed entries. */
export class EventPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /**
   * Publishes every event or throws; returns how many were published.
   * Batches go out a few at a time: a standard topic keeps no order anyway.
   * After a batch fails, no other starts, and the error is thrown once the
   * batches in flight have ended, so a failed run publishes nothing after
   * it returns.
   */
  async publish(events: readonly OrderEvent[]): Promise<number> {
    await forEachLimited(toBatches(events), PARALLEL_BATCHES, (batch) =>
      this.publishBatch(batch),
    );

    return events.length;
  }

  private async publishBatch(
    entries: PublishBatchRequestEntry[],
  ): Promise<void> {
    let pending = entries;
    for (let round = 1; pending.length > 0; round++) {
      if (round > MAX_ROUNDS) {
        throw new AwsOperationError(
          'PublishBatch',
          `${pending.length} events were not published to ${this.topicArn} after ${MAX_ROUNDS} rounds`,
        );
      }
      if (round > 1) {
        await this.sleep(backoffDelayMs(round - 1, 100, 5000));
      }
      const failedIds = await this.send(pending);
      pending = pending.filter((entry) => failedIds.has(entry.Id ?? ''));
    }
  }

  private async send(
    entries: PublishBatchRequestEntry[],
  ): Promise<Set<string>> {
    try {
      const output = await this.client.send(
        new PublishBatchCommand({
          TopicArn: this.topicArn,
          PublishBatchRequestEntries: entries,
        }),
      );
      const failed = output.Failed ?? [];
      const permanent = failed.find((entry) => entry.SenderFault);
      if (permanent !== undefined) {
        const rejected = entries.find((entry) => entry.Id === permanent.Id);
        throw new AwsOperationError(
          'PublishBatch',
          `${this.topicArn} rejected ${describeEvent(rejected)}: ${permanent.Code} ${permanent.Message ?? ''}`.trim(),
        );
      }

      return new Set(failed.map((entry) => entry.Id ?? ''));
    } catch (error) {
      if (error instanceof AwsOperationError) {
        throw error;
      }
      throw new AwsOperationError(
        'PublishBatch',
        `${this.topicArn}: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

/**
 * Builds the SNS entry: the envelope as the body, and attributes that let
 * subscribers filter without parsing it. SNS rejects empty attribute values,
 * so an empty or null value leaves its attribute out.
 */
function toEntry(event: OrderEvent): Omit<PublishBatchRequestEntry, 'Id'> {
  const order = event.data.order;
  const attributes: Record<string, unknown> = {
    type: event.type,
    status: event.data.status,
    previous_status: event.data.previous_status,
    partner: order.partner,
    subpartner: order.subpartner,
  };
  const messageAttributes = Object.fromEntries(
    Object.entries(attributes)
      .filter(([, value]) => isAttributeValue(value))
      .map(([name, value]) => [
        name,
        { DataType: 'String', StringValue: value as string },
      ]),
  );

  return {
    Message: stringifyExactJson(event),
    MessageAttributes: messageAttributes,
  };
}

/** Names the event of an entry by its type and order, for a message. */
function describeEvent(entry: PublishBatchRequestEntry | undefined): string {
  const type = entry?.MessageAttributes?.type?.StringValue;
  const { subject } = JSON.parse(entry?.Message ?? '{}') as {
    subject?: unknown;
  };

  return type === undefined || typeof subject !== 'string'
    ? 'an event'
    : `the ${type} event of order ${subject}`;
}

/** Returns the bytes of an entry as SNS counts them toward the batch limit. */
function entryBytes(entry: Omit<PublishBatchRequestEntry, 'Id'>): number {
  const attributes = Object.entries(entry.MessageAttributes ?? {}).map(
    ([name, value]) => `${name}${value.DataType}${value.StringValue ?? ''}`,
  );

  return Buffer.byteLength([entry.Message ?? '', ...attributes].join(''));
}

/** SNS accepts printable text; a value it would refuse stays in the body only. */
function isAttributeValue(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 256 &&
    isPrintableText(value)
  );
}
