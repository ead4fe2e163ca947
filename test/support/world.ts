import { afterAll, afterEach, beforeAll } from 'vitest';
import { type AppOverrides, SyncApp } from '../../lambda/app';
import { type Checkpoint, parseCheckpoint } from '../../lambda/checkpoint';
import { loadConfig } from '../../lambda/config';
import type { RunSummary } from '../../lambda/sync/run';
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../simulator';
import {
  createSyncResources,
  drainQueue,
  type ReceivedEvent,
  readParameter,
  type SyncResources,
  scanTable,
  writeParameter,
} from './aws';
import { type Moto, startMoto } from './moto';

export const PARTNER_ID = 'somepartner';
export const SECRET = 'test-secret-4f9a2c';

/**
 * One sync under test: a simulator with its own data, fresh AWS resources
 * in a shared moto, and runs of the real handler code in this process.
 */
export interface World {
  readonly sim: Simulator;
  readonly resources: SyncResources;
  /** Sleeps the sync asked for, in ms; tests never wait for real. */
  readonly sleeps: number[];
  /** Builds the app as a cold start would; reuse it for warm invocations. */
  createApp(env?: Record<string, string>, overrides?: AppOverrides): SyncApp;
  /** Runs one cold invocation with a 15-minute time limit. */
  run(
    env?: Record<string, string>,
    overrides?: AppOverrides,
  ): Promise<RunSummary>;
  orders(): Promise<Record<string, unknown>[]>;
  events(): Promise<ReceivedEvent[]>;
  checkpoint(): Promise<Checkpoint>;
  setCheckpoint(value: unknown): Promise<void>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  readonly simulator?: SimulatorOptions;
  /** Stored credentials; defaults to the simulator's partner and secret. */
  readonly credentials?: unknown;
}

/**
 * Starts one moto server for the calling test file and stops it after the
 * file; stops the world that `current` returns after each test.
 */
export function useMotoServer(current: () => World | undefined): {
  readonly moto: Moto;
} {
  let server: Moto | undefined;
  beforeAll(async () => {
    server = await startMoto();
    useMoto(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    await current()?.stop();
  });

  return {
    get moto(): Moto {
      if (server === undefined) {
        throw new Error('moto is not started yet: use it inside a test');
      }
      return server;
    },
  };
}

/** Points the AWS SDK of this process at moto. */
export function useMoto(moto: Moto): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
}

export async function createWorld(
  moto: Moto,
  options: WorldOptions = {},
): Promise<World> {
  const sim = await startSimulator({
    partnerId: PARTNER_ID,
    secret: SECRET,
    ...options.simulator,
  });
  const resources = await createSyncResources(moto.endpoint, {
    apiBase: sim.apiBase,
    partnerId: PARTNER_ID,
    credentials: options.credentials ?? { partner: PARTNER_ID, secret: SECRET },
  });
  const sleeps: number[] = [];
  const createApp = (
    env: Record<string, string> = {},
    overrides: AppOverrides = {},
  ) =>
    new SyncApp(loadConfig({ ...resources.env, ...env }), {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...overrides,
    });

  return {
    sim,
    resources,
    sleeps,
    createApp,
    run: (env, overrides) => createApp(env, overrides).run(15 * 60_000),
    orders: () => scanTable(moto.endpoint, resources.ordersTableName),
    events: () => drainQueue(moto.endpoint, resources.queueUrl),
    checkpoint: async () =>
      parseCheckpoint(
        (await readParameter(
          moto.endpoint,
          resources.checkpointParameterName,
        )) ?? '{}',
        resources.checkpointParameterName,
      ),
    setCheckpoint: (value) =>
      writeParameter(
        moto.endpoint,
        resources.checkpointParameterName,
        JSON.stringify(value),
      ),
    stop: () => sim.stop(),
  };
}

const SYNC_FIELDS = /^sync_/;

/** Returns the API fields of a table item, numbers as numbers. */
export function apiFields(
  item: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !SYNC_FIELDS.test(name)),
  );
}

/** Sorts records by id, for comparing a table with the source. */
export function byId<T extends { id?: unknown }>(records: T[]): T[] {
  return [...records].sort((a, b) => Number(a.id) - Number(b.id));
}
