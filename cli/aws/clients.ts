import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseExactJson } from '../../lambda/json';

/** Settings every AWS SDK client of the tool gets. */
export interface AwsClientConfig {
  readonly region?: string;
  readonly endpoint?: string;
  readonly maxAttempts: number;
}

/** SDK attempts per call, as the function makes them. */
const AWS_MAX_ATTEMPTS = 6;

/** A client with open connections until it is destroyed. */
interface Destroyable {
  destroy(): void;
}

/**
 * The AWS SDK clients of one command, made on first use with the region
 * and endpoint that the flags or the environment give.
 */
export class AwsClients {
  readonly config: AwsClientConfig;
  private readonly made = new Map<string, Destroyable>();

  constructor(settings: { region?: string; endpoint?: string }) {
    this.config = {
      region: settings.region,
      endpoint: settings.endpoint,
      maxAttempts: AWS_MAX_ATTEMPTS,
    };
  }

  get ssm(): SSMClient {
    return this.once('ssm', () => new SSMClient(this.config));
  }

  get sns(): SNSClient {
    return this.once('sns', () => new SNSClient(this.config));
  }

  /**
   * Document client with the function's options. Numbers are read as the
   * sync parses the API's JSON: safe integers as numbers, anything else
   * (money like 1234.5) as a NumberValue with the digits DynamoDB returned.
   */
  get documents(): DynamoDBDocumentClient {
    return this.once('documents', () =>
      DynamoDBDocumentClient.from(new DynamoDBClient(this.config), {
        marshallOptions: { removeUndefinedValues: true },
        unmarshallOptions: { wrapNumbers: (text) => parseExactJson(text) },
      }),
    );
  }

  /** Keeps a client made elsewhere, so that `destroy` closes it too. */
  track<T extends Destroyable>(name: string, make: () => T): T {
    return this.once(name, make);
  }

  /** Closes every client's connections. */
  destroy(): void {
    for (const client of this.made.values()) {
      client.destroy();
    }
    this.made.clear();
  }

  private once<T extends Destroyable>(name: string, make: () => T): T {
    let client = this.made.get(name) as T | undefined;
    if (client === undefined) {
      client = make();
      this.made.set(name, client);
    }

    return client;
  }
}
