import {
  PublishBatchCommand,
  type PublishBatchCommandOutput,
  SNSClient,
} from '@aws-sdk/client-sns';

/** An event that SNS accepted, as the sync sent it. */
export interface PublishedEvent {
  readonly body: {
    readonly id: string;
    readonly type: string;
    readonly subject: string;
    readonly time: string;
    readonly data: {
      readonly previous_status: string | null;
      readonly status: string;
      readonly previous_start_at?: unknown;
      readonly start_at?: unknown;
      readonly order: Record<string, unknown>;
    };
  };
  readonly raw: string;
  readonly attributes: Record<string, string>;
}

/**
 * Records every entry that SNS reported as published, by wrapping the send
 * method of every SNS client in this process. It is faster than draining a
 * queue and records exactly what the topic accepted. Call `restore` when
 * done.
 */
export function recordPublishedEvents(): {
  readonly events: PublishedEvent[];
  restore(): void;
} {
  const events: PublishedEvent[] = [];
  const prototype = SNSClient.prototype as unknown as {
    send: (command: unknown) => Promise<unknown>;
  };
  const ownSend = Object.hasOwn(prototype, 'send') ? prototype.send : undefined;
  const send = prototype.send;
  prototype.send = async function (this: SNSClient, command: unknown) {
    const output = await send.call(this, command);
    if (command instanceof PublishBatchCommand) {
      const accepted = new Set(
        ((output as PublishBatchCommandOutput).Successful ?? []).map(
          (entry) => entry.Id,
        ),
      );
      for (const entry of command.input.PublishBatchRequestEntries ?? []) {
        if (accepted.has(entry.Id)) {
          const raw = entry.Message ?? '';
          const attributes = Object.fromEntries(
            Object.entries(entry.MessageAttributes ?? {}).map(
              ([name, value]) => [name, value.StringValue ?? ''],
            ),
          );
          events.push({ body: JSON.parse(raw), raw, attributes });
        }
      }
    }

    return output;
  };

  return {
    events,
    restore: () => {
      if (ownSend === undefined) {
        delete (prototype as { send?: unknown }).send;
      } else {
        prototype.send = ownSend;
      }
    },
  };
}
