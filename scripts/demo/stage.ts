import { randomBytes } from 'node:crypto';
import {
  generateOrders,
  type Simulator,
  startSimulator,
} from '../../test/simulator';
import {
  createSyncResources,
  type SyncResources,
} from '../../test/support/aws';
import { type Moto, startMoto } from '../../test/support/moto';
import { printHeading, printTable } from './report';
import { onExit } from './shutdown';

const PARTNER_ID = 'somepartner';
const SIMULATOR_LATENCY_MS = 20;
/** Added to the function's environment for each `npm run sync`. */
const SYNC_ENV = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

/** The emulator, the source and the AWS resources that the demo started. */
export interface Stage {
  readonly moto: Moto;
  readonly simulator: Simulator;
  readonly resources: SyncResources;
  readonly env: Record<string, string>;
}

/**
 * Starts moto and the simulator with `orderCount` generated orders, creates
 * the function's resources in moto and prints where everything listens.
 * Registers a stop action for each process as soon as it is starting.
 */
export async function startStage(orderCount: number): Promise<Stage> {
  printHeading('Starting the local stand-ins');
  const motoStarting = startMoto();
  onExit(async () => (await motoStarting.catch(() => undefined))?.stop());
  const moto = await motoStarting;

  // Random per run, so no secret is written in the code or printed.
  const secret = randomBytes(16).toString('hex');
  const simulator = await startSimulator({
    partnerId: PARTNER_ID,
    secret,
    latencyMs: SIMULATOR_LATENCY_MS,
    orders: generateOrders({ count: orderCount, partnerId: PARTNER_ID }),
  });
  onExit(() => simulator.stop());

  const resources = await createSyncResources(moto.endpoint, {
    apiBase: simulator.apiBase,
    partnerId: PARTNER_ID,
    credentials: { partner: PARTNER_ID, secret },
  });
  printTable([
    ['moto (AWS emulator)', moto.endpoint],
    ['Tripster simulator', simulator.apiBase],
    ['partner', PARTNER_ID],
    ['orders at the source', String(orderCount)],
    ['orders table', resources.ordersTableName],
    ['topic', resources.topicArn],
    ['queue on the topic', resources.queueUrl],
    ['checkpoint parameter', resources.checkpointParameterName],
  ]);

  return { moto, simulator, resources, env: { ...resources.env, ...SYNC_ENV } };
}
