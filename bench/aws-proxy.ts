import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { preciseNow } from './clock';

/** One AWS request that passed through the proxy. */
export interface AwsRequestRecord {
  /** Signing name from the credential scope: `dynamodb`, `sns`, `ssm`. */
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  /** When the proxy received the request headers. */
  readonly start: number;
  /** When the response ended. */
  readonly end: number;
}

/** A counting HTTP proxy on 127.0.0.1 in front of the AWS emulator. */
export interface AwsProxy {
  readonly endpoint: string;
  /** Returns the requests recorded since the last call, and clears them. */
  take(): AwsRequestRecord[];
  /**
   * Makes the proxy respond to PutItem, BatchWriteItem and BatchGetItem
   * itself, at once and without storing anything (BatchGetItem finds no
   * item), or forward them again. Every other request still goes to the
   * emulator.
   */
  setInstantDynamoDb(on: boolean): void;
  stop(): Promise<void>;
}

export interface AwsProxyOptions {
  /** URL of the AWS emulator. */
  readonly target: string;
  /** After this many requests the proxy responds 400, so a runaway run stops. */
  readonly maxRequests: number;
  /**
   * Whether to pass the emulator's `Connection: close` on to the SDK. moto's
   * server (werkzeug) closes every connection, so the SDK would open one per
   * request, while AWS endpoints keep connections alive. By default the
   * proxy keeps the SDK's connections alive and opens the new ones itself.
   */
  readonly closeConnections: boolean;
}

/** A request read whole, with what the proxy needs to route and count it. */
interface ProxiedRequest {
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly service: string;
  readonly operation: string;
  readonly start: number;
}

const CREDENTIAL_SCOPE =
  /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;
const INSTANT_OPERATIONS = new Set([
  'PutItem',
  'BatchWriteItem',
  'BatchGetItem',
]);

/**
 * Starts a proxy that forwards every request to the emulator and records
 * its service, operation and timing.
 */
export async function startAwsProxy(
  options: AwsProxyOptions,
): Promise<AwsProxy> {
  const upstream = new URL(options.target);
  const agent = new Agent({ keepAlive: false });
  let records: AwsRequestRecord[] = [];
  let total = 0;
  let instantDynamoDb = false;
  const server = createServer((req, res) => {
    total++;
    readRequest(req).then((proxied) => {
      const record = (status: number) =>
        records.push({
          service: proxied.service,
          operation: proxied.operation,
          status,
          start: proxied.start,
          end: preciseNow(),
        });
      if (total > options.maxRequests) {
        rejectOverLimit(res, options.maxRequests);
        record(400);
      } else if (
        instantDynamoDb &&
        proxied.service === 'dynamodb' &&
        INSTANT_OPERATIONS.has(proxied.operation)
      ) {
        respondInstantly(proxied, res);
        record(200);
      } else {
        const settings = { upstream, agent, ...options };
        forward(proxied, res, settings, record);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    take: () => {
      const recorded = records;
      records = [];
      return recorded;
    },
    setInstantDynamoDb: (on) => {
      instantDynamoDb = on;
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function readRequest(req: IncomingMessage): Promise<ProxiedRequest> {
  const start = preciseNow();
  const chunks: Buffer[] = [];

  return new Promise((resolve) => {
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      resolve({ req, body, start, ...identify(req, body) });
    });
  });
}

/** Reads the service and operation of the JSON and Query protocols. */
function identify(
  req: IncomingMessage,
  body: Buffer,
): { service: string; operation: string } {
  const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '');
  const service = scope?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    return { service, operation: target.slice(target.indexOf('.') + 1) };
  }
  const action = new URLSearchParams(body.toString('utf8')).get('Action');

  return { service, operation: action ?? 'unknown' };
}

interface Upstream {
  readonly upstream: URL;
  readonly agent: Agent;
  readonly closeConnections: boolean;
}

function forward(
  { req, body }: ProxiedRequest,
  res: ServerResponse,
  { upstream, agent, closeConnections }: Upstream,
  record: (status: number) => void,
): void {
  const outgoing = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      agent,
    },
    (response) => {
      const headers = { ...response.headers };
      if (!closeConnections) {
        delete headers.connection;
        delete headers['keep-alive'];
      }
      res.writeHead(response.statusCode ?? 502, headers);
      response.pipe(res);
      response.on('end', () => record(response.statusCode ?? 0));
    },
  );
  outgoing.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`AWS emulator request failed: ${error.message}`);
    record(502);
  });
  outgoing.end(body);
}

/** Responds to a write with success and to BatchGetItem with no items. */
function respondInstantly(proxied: ProxiedRequest, res: ServerResponse): void {
  let output: Record<string, unknown> = {};
  if (proxied.operation === 'BatchGetItem') {
    const input = JSON.parse(proxied.body.toString('utf8')) as {
      RequestItems?: Record<string, unknown>;
    };
    const tables = Object.keys(input.RequestItems ?? {});
    output = {
      Responses: Object.fromEntries(tables.map((table) => [table, []])),
      UnprocessedKeys: {},
    };
  }
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(output));
}

function rejectOverLimit(res: ServerResponse, maxRequests: number): void {
  res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(
    JSON.stringify({
      __type: 'BenchmarkRequestLimit',
      message: `The benchmark proxy allows ${maxRequests} AWS requests per run of the benchmark`,
    }),
  );
}
