import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenRegistry } from './auth';
import { SourceClock } from './clock';
import { type Fault, FaultQueue } from './faults';
import { compareBy, FilteredListing } from './listing';
import {
  type ResolvedOptions,
  resolveOptions,
  type SimulatorOptions,
} from './options';
import type { ApiOrder, OrderInput } from './order';
import { OrderStore } from './order-store';
import type { OrdersRequestHook, OrdersRequestInfo } from './orders-endpoint';
import {
  createRequestListener,
  type RequestRecord,
  type ServerSettings,
} from './server';

/** A running simulator: its address, its data and its test controls. */
export interface Simulator {
  /** `http://127.0.0.1:PORT/api` */
  readonly apiBase: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Every request received so far, oldest first (a live array). */
  readonly requests: readonly RequestRecord[];
  /** Number of successful token exchanges. */
  readonly tokensIssued: number;
  /** Closes the server and every open socket. */
  stop(): Promise<void>;
  /** Returns the source's current time, `YYYY-MM-DD HH:MM:SS`. */
  sourceNow(): string;
  orders(): ApiOrder[];
  getOrder(id: number): ApiOrder | undefined;
  addOrders(orders: readonly OrderInput[]): void;
  updateOrder(id: number, patch: Partial<ApiOrder>): ApiOrder;
  setStatus(id: number, status: string): ApiOrder;
  reschedule(id: number, startAt: string | null): ApiOrder;
  createOrder(partial?: Partial<ApiOrder>): ApiOrder;
  /** Returns the hidden time of the order's last schedule change. */
  scheduleUpdatedAt(id: number): string;
  /**
   * Registers a hook that runs before each orders page is computed, and
   * returns a function that removes it.
   */
  onOrdersRequest(hook: OrdersRequestHook): () => void;
  /** Invalidates every issued token, so requests with one get 401. */
  revokeTokens(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
}

/** Parts of a running simulator that requests and the handle share. */
interface SimulatorState {
  clock: SourceClock;
  store: OrderStore;
  tokens: TokenRegistry;
  faults: FaultQueue;
  hooks: Set<OrdersRequestHook>;
  log: RequestRecord[];
  /** Aborted by `stop()`, which cancels pending delays. */
  abort: AbortController;
}

/** Starts a simulator of the Tripster partner orders API on 127.0.0.1. */
export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const clock = new SourceClock(resolved.timeZone, resolved.clockOffsetMs);
  const compare = compareBy(resolved.ordering);
  const store = new OrderStore(clock, compare, resolved.partnerId);
  store.add(resolved.orders);
  const state: SimulatorState = {
    clock,
    store,
    tokens: new TokenRegistry(),
    faults: new FaultQueue(),
    hooks: new Set(),
    log: [],
    abort: new AbortController(),
  };

  const server = createServer();
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  const settings = serverSettings(state, resolved, origin);
  server.on('request', createRequestListener(settings));

  return createHandle(state, server, origin, port);
}

function serverSettings(
  state: SimulatorState,
  resolved: ResolvedOptions,
  origin: string,
): ServerSettings {
  const { clock, faults, log, hooks, store, tokens } = state;
  const runHooks = async (info: OrdersRequestInfo) => {
    for (const hook of [...hooks]) {
      await hook(info);
    }
  };
  const orders = {
    listing: new FilteredListing(store, resolved.boundInclusive),
    tokens,
    runHooks,
    pageSize: resolved.pageSize,
    publicBase: resolved.publicBase ?? `${origin}/api`,
  };
  const { partnerId, secret, latencyMs } = resolved;
  const token = { partnerId, secret, tokens };
  const signal = state.abort.signal;

  return { origin, clock, faults, latencyMs, log, orders, token, signal };
}

function createHandle(
  state: SimulatorState,
  server: Server,
  origin: string,
  port: number,
): Simulator {
  const { clock, faults, hooks, log, store, tokens } = state;

  return {
    apiBase: `${origin}/api`,
    origin,
    port,
    get requests() {
      return log;
    },
    get tokensIssued() {
      return tokens.exchangeCount;
    },
    stop: once(() => close(server, state.abort)),
    sourceNow: () => clock.now(),
    orders: () => store.list(),
    getOrder: (id) => store.get(id),
    addOrders: (orders) => store.add(orders),
    updateOrder: (id, patch) => store.update(id, patch),
    setStatus: (id, status) => store.setStatus(id, status),
    reschedule: (id, startAt) => store.reschedule(id, startAt),
    createOrder: (partial) => store.create(partial),
    scheduleUpdatedAt: (id) => store.scheduleUpdatedAt(id),
    onOrdersRequest: (hook) => {
      const registered = (info: OrdersRequestInfo) => hook(info);
      hooks.add(registered);
      return () => hooks.delete(registered);
    },
    revokeTokens: () => tokens.revokeAll(),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server, ending pending delays and sockets left open. */
function close(server: Server, abort: AbortController): Promise<void> {
  return new Promise((resolve) => {
    abort.abort();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;

  return () => {
    result ??= action();
    return result;
  };
}
