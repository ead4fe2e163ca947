import {
  createServer,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A response the proxy sends, or gets back from moto. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Sends a request body on to moto and returns its response. */
export type Forward = (body: string) => Promise<WireResponse>;

/** What a matching request gets; it may forward an altered body first. */
export type FaultHandler = (
  body: string,
  forward: Forward,
) => WireResponse | Promise<WireResponse>;

export interface AwsFault {
  /** Operation name, such as `PutItem`, `PutParameter` or `PublishBatch`. */
  readonly operation: string;
  /** How many matching requests get the fault. @default 1 */
  readonly times?: number;
  /** Only requests whose body contains this text match. */
  readonly bodyIncludes?: string;
  readonly handle: FaultHandler;
}

/** One request through the proxy. */
export interface ProxiedCall {
  readonly operation: string;
  readonly faulted: boolean;
  /** Machine time when the request arrived, in epoch ms. */
  readonly at: number;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of moto. It replies to chosen AWS
 * operations with faults that moto cannot produce (throttling, unprocessed
 * keys, failed batch entries) and forwards everything else, so the SDK
 * meets the faults on the wire and applies its own retries, as against AWS.
 */
export interface AwsFaultProxy {
  readonly endpoint: string;
  readonly calls: readonly ProxiedCall[];
  inject(fault: AwsFault): void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startAwsFaultProxy(
  target: string,
): Promise<AwsFaultProxy> {
  const calls: ProxiedCall[] = [];
  let faults: { fault: AwsFault; remaining: number }[] = [];
  const server = createServer((req, res) => {
    readAll(req)
      .then(async (body) => {
        const operation = operationOf(req, body);
        const entry = faults.find(
          ({ fault }) =>
            fault.operation === operation &&
            (fault.bodyIncludes === undefined ||
              body.includes(fault.bodyIncludes)),
        );
        calls.push({ operation, faulted: entry !== undefined, at: Date.now() });
        const forward: Forward = (altered) => relay(target, req, altered);
        if (entry === undefined) {
          return reply(res, await forward(body));
        }
        entry.remaining -= 1;
        faults = faults.filter((pending) => pending.remaining > 0);
        reply(res, await entry.fault.handle(body, forward));
      })
      .catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy failed: ${(error as Error).message}`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    inject: (fault) => {
      faults.push({ fault, remaining: fault.times ?? 1 });
    },
    clear: () => {
      faults = [];
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Returns the operation of a JSON-protocol target or a query-protocol Action. */
function operationOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    return target.slice(target.lastIndexOf('.') + 1);
  }

  return new URLSearchParams(body).get('Action') ?? 'unknown';
}

function relay(
  target: string,
  req: IncomingMessage,
  body: string,
): Promise<WireResponse> {
  const url = new URL(req.url ?? '/', target);
  const headers = { ...req.headers, host: url.host };
  headers['content-length'] = String(Buffer.byteLength(body));
  delete headers['transfer-encoding'];

  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: req.method, headers }, (res) => {
      readAll(res)
        .then((text) =>
          resolve({
            status: res.statusCode ?? 502,
            headers: { 'content-type': res.headers['content-type'] ?? '' },
            body: text,
          }),
        )
        .catch(reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function reply(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, {
    ...response.headers,
    'content-length': Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

async function readAll(
  stream: AsyncIterable<Buffer | string>,
): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk));
  }

  return Buffer.concat(chunks).toString('utf8');
}

const DYNAMODB_JSON = { 'content-type': 'application/x-amz-json-1.0' };
const SSM_JSON = { 'content-type': 'application/x-amz-json-1.1' };

/** Error responses as the AWS services send them. */
export const awsErrors = {
  dynamoDbThroughputExceeded: (): WireResponse => ({
    status: 400,
    headers: DYNAMODB_JSON,
    body: JSON.stringify({
      __type:
        'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      message:
        'The level of configured provisioned throughput for the table was exceeded.',
    }),
  }),
  dynamoDbThrottling: (): WireResponse => ({
    status: 400,
    headers: DYNAMODB_JSON,
    body: JSON.stringify({
      __type: 'com.amazon.coral.availability#ThrottlingException',
      message: 'Rate of requests exceeds the allowed throughput.',
    }),
  }),
  dynamoDbInternalError: (): WireResponse => ({
    status: 500,
    headers: DYNAMODB_JSON,
    body: JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
      message: 'Internal server error',
    }),
  }),
  dynamoDbValidation: (): WireResponse => ({
    status: 400,
    headers: DYNAMODB_JSON,
    body: JSON.stringify({
      __type: 'com.amazon.coral.validate#ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    }),
  }),
  dynamoDbSerialization: (): WireResponse => ({
    status: 400,
    headers: DYNAMODB_JSON,
    body: JSON.stringify({
      __type: 'com.amazon.coral.service#SerializationException',
      message: 'Start of structure or map found where not expected.',
    }),
  }),
  dynamoDbNotFound: (): WireResponse => ({
    status: 400,
    headers: DYNAMODB_JSON,
    body: JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      message: 'Requested resource not found',
    }),
  }),
  ssmAccessDenied: (): WireResponse => ({
    status: 400,
    headers: SSM_JSON,
    body: JSON.stringify({
      __type: 'AccessDeniedException',
      message: 'User is not authorized to perform this action',
    }),
  }),
  snsAuthorization: (): WireResponse => ({
    status: 403,
    headers: { 'content-type': 'text/xml' },
    body:
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
      '<Error><Type>Sender</Type><Code>AuthorizationError</Code>' +
      '<Message>User is not authorized to perform SNS:Publish</Message>' +
      '</Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId>' +
      '</ErrorResponse>',
  }),
  ssmThrottling: (): WireResponse => ({
    status: 400,
    headers: SSM_JSON,
    body: JSON.stringify({
      __type: 'ThrottlingException',
      message: 'Rate exceeded',
    }),
  }),
  snsThrottling: (): WireResponse => ({
    status: 400,
    headers: { 'content-type': 'text/xml' },
    body:
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
      '<Error><Type>Sender</Type><Code>Throttling</Code>' +
      '<Message>Rate exceeded</Message></Error>' +
      '<RequestId>00000000-0000-0000-0000-000000000000</RequestId>' +
      '</ErrorResponse>',
  }),
};

/**
 * Replies to a BatchGetItem by forwarding the first `processed` keys of each
 * table and returning the rest as unprocessed, as DynamoDB does when it
 * runs out of capacity mid-batch.
 */
export function unprocessedKeys(processed: number): FaultHandler {
  return async (body, forward) => {
    const input = JSON.parse(body) as {
      RequestItems: Record<string, { Keys: unknown[] }>;
    };
    const forwarded: typeof input.RequestItems = {};
    const left: typeof input.RequestItems = {};
    for (const [table, request] of Object.entries(input.RequestItems)) {
      forwarded[table] = { ...request, Keys: request.Keys.slice(0, processed) };
      left[table] = { ...request, Keys: request.Keys.slice(processed) };
    }
    const answered =
      processed > 0
        ? JSON.parse(
            (
              await forward(
                JSON.stringify({ ...input, RequestItems: forwarded }),
              )
            ).body,
          )
        : {
            Responses: Object.fromEntries(
              Object.keys(left).map((t) => [t, []]),
            ),
          };

    return {
      status: 200,
      headers: DYNAMODB_JSON,
      body: JSON.stringify({ ...answered, UnprocessedKeys: left }),
    };
  };
}

/**
 * Replies to a BatchWriteItem by forwarding the first `processed` requests
 * of each table and returning the rest as unprocessed, as DynamoDB does
 * when it runs out of capacity mid-batch.
 */
export function unprocessedItems(processed: number): FaultHandler {
  return async (body, forward) => {
    const input = JSON.parse(body) as {
      RequestItems: Record<string, unknown[]>;
    };
    const forwarded: typeof input.RequestItems = {};
    const left: typeof input.RequestItems = {};
    for (const [table, requests] of Object.entries(input.RequestItems)) {
      forwarded[table] = requests.slice(0, processed);
      left[table] = requests.slice(processed);
    }
    if (processed > 0) {
      await forward(JSON.stringify({ ...input, RequestItems: forwarded }));
    }

    return {
      status: 200,
      headers: DYNAMODB_JSON,
      body: JSON.stringify({ UnprocessedItems: left }),
    };
  };
}
