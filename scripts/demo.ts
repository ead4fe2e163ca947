/**
 * Shows the sync end to end on this machine. The demo starts moto and the
 * Tripster simulator, creates the function's AWS resources and runs
 * `npm run sync` for the backfill. Then it changes orders at the source,
 * syncs again and prints the events that reached a queue subscribed to the
 * topic. A last sync finds nothing to do. Every process the demo started is
 * stopped when it finishes, fails or receives SIGINT or SIGTERM.
 *
 *   npm start -- --orders 3000
 */
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  drainQueue,
  motoClientConfig,
  type ReceivedEvent,
} from '../test/support/aws';
import { assertMotoInstalled } from '../test/support/moto';
import {
  describeEventTypes,
  print,
  printEventInFull,
  printEvents,
  printHeading,
  printSourceChanges,
  printSyncRun,
  seconds,
} from './demo/report';
import { exitDemo, exitOnSignals, isExiting } from './demo/shutdown';
import { changeOrders } from './demo/source-changes';
import { type Stage, startStage } from './demo/stage';
import { runSync, type SyncRun } from './demo/sync-process';

const DEFAULT_ORDER_COUNT = 3000;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const orderCount = readOrderCount();
  exitOnSignals();
  assertMotoInstalled();
  // The SDK clients of this process (SQS, DynamoDB) would print the
  // same Node.js support warning that the sync's environment turns off.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const stage = await startStage(orderCount);
  await showBackfill(stage);
  await showChanges(stage);
  await showQuietRun(stage);

  printHeading('Done');
  print(`  The demo took ${seconds(Date.now() - startedAt)}.`);
}

function readOrderCount(): number {
  const { values } = parseArgs({
    options: { orders: { type: 'string' } },
  });
  const text = values.orders ?? String(DEFAULT_ORDER_COUNT);
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1) {
    throw new Error(`--orders is invalid: "${text}". Set it to 1 or more.`);
  }

  return count;
}

async function showBackfill(stage: Stage): Promise<void> {
  printHeading('Run 1: the backfill');
  await syncOnce(stage);

  const itemCount = await countOrders(stage);
  const events = await receiveEvents(stage);
  print(
    '',
    `  Orders in the table: ${itemCount}`,
    `  Events on the queue: ${events.length}`,
    '  The backfill publishes no event for an order it sees for the first',
    '  time (PUBLISH_BACKFILL_EVENTS is false by default), so connecting an',
    '  account does not flood the subscribers.',
  );
}

async function showChanges(stage: Stage): Promise<void> {
  printHeading('Changes at the source');
  const changes = changeOrders(stage.simulator);
  printSourceChanges(changes);

  printHeading('Run 2: the changes');
  const run = await syncOnce(stage);
  print(
    '',
    `  Orders changed at the source: ${changes.length}, orders written: ` +
      `${run.summary.orders_written}.`,
    '  Each feed reads again from its cursor minus the overlap window',
    '  (OVERLAP_WINDOW_SECONDS, default 300 s), so orders changed shortly',
    '  before the last run come back. Those that did not change are counted',
    '  as unchanged and cost no write.',
  );

  const events = await receiveEvents(stage);
  print('', `  Events on the queue: ${describeEventTypes(events)}`);
  printEvents(events);
  const example = pickExampleEvent(events);
  if (example !== undefined) {
    print('', `  Event ${example.body.id} in full:`);
    printEventInFull(example);
  }
}

async function showQuietRun(stage: Stage): Promise<void> {
  printHeading('Run 3: nothing changed');
  await syncOnce(stage);

  const events = await receiveEvents(stage);
  print('', `  Events on the queue: ${events.length}`);
}

async function syncOnce(stage: Stage): Promise<SyncRun> {
  print('  Running npm run sync (the Lambda handler, invoked once)...', '');
  const run = await runSync(stage.env);
  printSyncRun(run);

  return run;
}

/** Prefers a status change of a known order that carries every attribute. */
function pickExampleEvent(
  events: readonly ReceivedEvent[],
): ReceivedEvent | undefined {
  const complete = events.find(
    (event) =>
      event.body.type === 'order.status_changed' &&
      event.attributes.previous_status !== undefined &&
      event.attributes.subpartner !== undefined,
  );

  return complete ?? events[0];
}

/**
 * Returns the item count of the orders table. Moto counts live, unlike
 * DynamoDB, which refreshes `ItemCount` about every six hours. A full scan
 * is slow on moto: 16 s for 3000 orders on a busy 2-CPU machine.
 */
async function countOrders(stage: Stage): Promise<number> {
  const client = new DynamoDBClient(motoClientConfig(stage.moto.endpoint));
  const { Table: table } = await client.send(
    new DescribeTableCommand({ TableName: stage.resources.ordersTableName }),
  );

  return table?.ItemCount ?? 0;
}

/** Drains the queue, ordered by order id and event type for reading. */
async function receiveEvents(stage: Stage): Promise<ReceivedEvent[]> {
  const events = await drainQueue(
    stage.moto.endpoint,
    stage.resources.queueUrl,
  );
  const key = (event: ReceivedEvent) =>
    `${event.body.subject} ${event.body.type}`;

  return events.sort((a, b) => key(a).localeCompare(key(b)));
}

try {
  await main();
  await exitDemo(0);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (!isExiting()) {
    await exitDemo(1, `Demo failed: ${message}`);
  }
}
