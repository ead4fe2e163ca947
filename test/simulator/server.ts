import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AuthScheme, parseAuthorization } from './auth';
import type { SourceClock } from './clock';
import type { FaultAction, FaultQueue, FaultRequest } from './faults';
import { handleOrders, type OrdersEndpointSettings } from './orders-endpoint';
import {
  handleTokenExchange,
  type TokenExchangeSettings,
} from './token-exchange';

/** One request that the simulator received, with the status it sent. */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Scheme of the `Authorization` header. The token itself is not stored. */
  authScheme: AuthScheme | null;
  /** Status sent, or null while pending and after a hang or reset fault. */
  status: number | null;
  /** Machine time when the request arrived, in epoch milliseconds. */
  time: number;
}

export interface ServerSettings {
  origin: string;
  clock: SourceClock;
  faults: FaultQueue;
  latencyMs: number;
  log: RequestRecord[];
  orders: OrdersEndpointSettings;
  token: TokenExchangeSettings;
  /** Aborted by `stop()`, which cancels pending delays. */
  signal: AbortSignal;
}

const TOKEN_PATH = '/api/auth/obtain_token/partner/';
const ORDERS_PATH = /^\/api\/partners\/([^/]+)\/experienceorders\/$/;
const NOT_FOUND_PAGE =
  '<!doctype html>\n<html lang="en"><head><title>Not Found</title></head>' +
  '<body><h1>Not Found</h1><p>The requested resource was not found on ' +
  'this server.</p></body></html>\n';

/** Returns the `request` listener: logs, applies faults, then routes. */
export function createRequestListener(
  settings: ServerSettings,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handleRequest(req, res, settings).catch((error: unknown) => {
      if (settings.signal.aborted || res.headersSent) {
        res.destroy();
        return;
      }
      const message = `Simulator error: ${(error as Error).message}`;
      console.error(`${message} (${req.method} ${req.url})`);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${message}\n`);
    });
  };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  settings: ServerSettings,
): Promise<void> {
  const url = new URL(req.url ?? '/', settings.origin);
  const index = recordRequest(req, res, url, settings.log);
  res.setHeader('date', settings.clock.httpDate());
  const route = matchRoute(url);
  const fault = settings.faults.take(route);
  if (route.target === 'orders' && settings.latencyMs > 0) {
    await sleep(settings.latencyMs, undefined, { signal: settings.signal });
  }
  if (fault !== null && !(await applyFault(fault, req, res, settings.signal))) {
    return;
  }

  if (route.target === 'token') {
    await handleTokenExchange(req, res, settings.token);
  } else if (route.target === 'orders') {
    const request = { url, partnerId: route.partnerId, index };
    await handleOrders(req, res, request, settings.orders);
  } else {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(NOT_FOUND_PAGE);
  }
}

/** Appends the request to the log and returns its index there. */
function recordRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  log: RequestRecord[],
): number {
  const credentials = parseAuthorization(req.headers.authorization);
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authScheme: credentials.kind === 'missing' ? null : credentials.scheme,
    status: null,
    time: Date.now(),
  };
  res.on('finish', () => {
    record.status = res.statusCode;
  });

  return log.push(record) - 1;
}

type Route = FaultRequest & { partnerId: string };

function matchRoute(url: URL): Route {
  const page = Number(url.searchParams.get('page') ?? '1');
  if (url.pathname === TOKEN_PATH) {
    return { target: 'token', page, partnerId: '' };
  }
  const match = ORDERS_PATH.exec(url.pathname);
  if (match === null) {
    return { target: 'other', page, partnerId: '' };
  }

  return { target: 'orders', page, partnerId: decodePathSegment(match[1]) };
}

function decodePathSegment(segment = ''): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Applies a fault and returns true when the request should then be served.
 * A hang fault sends nothing and leaves the socket open.
 */
async function applyFault(
  fault: FaultAction,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<boolean> {
  if ('delayMs' in fault) {
    await sleep(fault.delayMs, undefined, { signal });
    return true;
  }
  if ('reset' in fault) {
    req.socket.destroy();
  } else if ('status' in fault) {
    res.writeHead(fault.status, fault.headers);
    res.end(fault.body ?? '');
  }

  return false;
}
