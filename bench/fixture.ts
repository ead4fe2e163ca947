import { randomBytes } from 'node:crypto';
import {
  type ApiOrder,
  generateOrders,
  type Simulator,
  startSimulator,
} from '../test/simulator';
import { createSyncResources, type SyncResources } from '../test/support/aws';
import type { Moto } from '../test/support/moto';

const PARTNER_ID = 'benchpartner';
/** Orders per page, as the real API serves them. */
export const PAGE_SIZE = 50;
/**
 * The generated orders end this long before the source's clock, so the
 * overlap window of the first incremental run (300 s by default) is empty.
 */
const DATA_ENDS_BEFORE_NOW_MS = 3_600_000;
const YEAR_MS = 365 * 86_400_000;

export interface FixtureOptions {
  readonly orderCount: number;
  /** Simulated Tripster latency per orders request, in ms. */
  readonly latencyMs: number;
}

/** A simulator with generated orders and fresh AWS resources for one sync. */
export interface Fixture {
  readonly simulator: Simulator;
  readonly resources: SyncResources;
  readonly orders: readonly ApiOrder[];
  /** The partner and secret that the simulator's token exchange accepts. */
  readonly credentials: { readonly partner: string; readonly secret: string };
  /** Environment of the sync, with the AWS endpoint set to `awsEndpoint`. */
  readonly env: Record<string, string>;
}

/**
 * Starts a simulator holding `orderCount` orders spread over a year, and
 * creates the tables, topic, queue and parameters in moto directly, so
 * that only the sync's own requests pass through the counting proxy.
 */
export async function createFixture(
  moto: Moto,
  awsEndpoint: string,
  options: FixtureOptions,
): Promise<Fixture> {
  // Random per run, so no secret is written in the code or the results.
  const secret = randomBytes(16).toString('hex');
  const simulator = await startSimulator({
    partnerId: PARTNER_ID,
    secret,
    pageSize: PAGE_SIZE,
    latencyMs: options.latencyMs,
  });
  const toMs = wallClockMs(simulator.sourceNow()) - DATA_ENDS_BEFORE_NOW_MS;
  const orders = generateOrders({
    count: options.orderCount,
    seed: 42,
    from: formatWallClock(toMs - YEAR_MS),
    to: formatWallClock(toMs),
    partnerId: PARTNER_ID,
  });
  simulator.addOrders(orders);
  const resources = await createSyncResources(moto.endpoint, {
    apiBase: simulator.apiBase,
    partnerId: PARTNER_ID,
    credentials: { partner: PARTNER_ID, secret },
  });

  return {
    simulator,
    resources,
    orders,
    credentials: { partner: PARTNER_ID, secret },
    env: { ...resources.env, AWS_ENDPOINT_URL: awsEndpoint },
  };
}

/** Reads `YYYY-MM-DD HH:MM:SS` as if it were UTC, for wall-clock arithmetic. */
function wallClockMs(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

function formatWallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
