import {
  BatchRequestTooLongException,
  InvalidParameterException,
  type MessageAttributeValue,
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  SNSClient,
} from '@aws-sdk/client-sns';

/**
 * Amazon SNS takes at most 262,144 bytes (256 KiB) per message, attributes
 * included, and as much for all messages of one PublishBatch together.
 * moto checks neither, so tests add the check.
 */
export const SNS_MAX_BYTES = 262_144;

/** Returns the bytes SNS counts for one entry: body, attribute names, types and values. */
export function entryBytes(entry: PublishBatchRequestEntry): number {
  const attributes = Object.entries(entry.MessageAttributes ?? {}).map(
    ([name, value]: [string, MessageAttributeValue]) =>
      name + (value.DataType ?? '') + (value.StringValue ?? ''),
  );

  return Buffer.byteLength([entry.Message ?? '', ...attributes].join(''));
}

/**
 * Makes every SNS client in this process reject a PublishBatch over the
 * size limits, as Amazon SNS does, before it reaches moto. Returns a
 * function that removes the check.
 */
export function enforceSnsSizeLimits(): () => void {
  const prototype = SNSClient.prototype as unknown as {
    send: (command: unknown) => Promise<unknown>;
  };
  const ownSend = Object.hasOwn(prototype, 'send') ? prototype.send : undefined;
  const send = prototype.send;
  prototype.send = async function (this: SNSClient, command: unknown) {
    if (command instanceof PublishBatchCommand) {
      const entries = command.input.PublishBatchRequestEntries ?? [];
      const sizes = entries.map(entryBytes);
      if (sizes.some((size) => size > SNS_MAX_BYTES)) {
        throw new InvalidParameterException({
          message: 'Invalid parameter: Message too long',
          $metadata: {},
        });
      }
      if (sizes.reduce((sum, size) => sum + size, 0) > SNS_MAX_BYTES) {
        throw new BatchRequestTooLongException({
          message:
            'The length of all the messages put together is more than the limit.',
          $metadata: {},
        });
      }
    }

    return send.call(this, command);
  };

  return () => {
    if (ownSend === undefined) {
      delete (prototype as { send?: unknown }).send;
    } else {
      prototype.send = ownSend;
    }
  };
}
