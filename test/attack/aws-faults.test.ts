import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  PublishBatchCommand,
  type PublishBatchCommandInput,
  type PublishBatchResultEntry,
  SNSClient,
} from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppOverrides } from '../../lambda/app';
import { logger } from '../../lambda/telemetry';
import { type ApiOrder, generateOrders } from '../simulator';
import { formatInTimeZone } from '../simulator/clock';
import { motoClientConfig, scanTable } from '../support/aws';
import {
  type AwsFault,
  type AwsFaultProxy,
  awsErrors,
  startAwsFaultProxy,
  unprocessedItems,
  unprocessedKeys,
} from '../support/aws-fault-proxy';
import { type HandledRun, LeakWatch } from '../support/leak-watch';
import { type Moto, startMoto } from '../support/moto';
import {
  apiFields,
  byId,
  createWorld,
  useMoto,
  type World,
} from '../support/world';

let moto: Moto;
let proxy: AwsFaultProxy;

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
  proxy = await startAwsFaultProxy(moto.endpoint);
  logger.setLogLevel('DEBUG');
});
afterAll(async () => {
  logger.setLogLevel('ERROR');
  await proxy?.stop();
  await moto?.stop();
});
afterEach(() => {
  proxy.clear();
});

/** Persistent throttling waits out the SDK's own backoff, several seconds. */
const TIMEOUT_MS = 45_000;

/** Orders last changed an hour ago, so an incremental pass starts empty. */
function quietOrders(count: number): ApiOrder[] {
  const hourAgo = Date.now() - 3_600_000;
  return generateOrders({
    count,
    seed: 14,
    startId: 80_000,
    from: formatInTimeZone(hourAgo - 30 * 86_400_000, 'Europe/Moscow'),
    to: formatInTimeZone(hourAgo, 'Europe/Moscow'),
  });
}

interface Scene {
  readonly world: World;
  readonly watch: LeakWatch;
  /** Orders changed at the source since the first run. */
  readonly changed: ApiOrder[];
  /** Runs the sync with its AWS traffic through the fault proxy. */
  run(
    env?: Record<string, string>,
    overrides?: AppOverrides,
  ): Promise<HandledRun>;
}

/** Syncs once, then changes `changes` orders and creates one. */
async function scene(changes = 6, pageSize = 4): Promise<Scene> {
  const world = await createWorld(moto, {
    simulator: { orders: quietOrders(Math.max(20, changes)), pageSize },
  });
  const watch = new LeakWatch(world);
  const run: Scene['run'] = async (env = {}, overrides = {}) => {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    try {
      return await watch.run({ env, overrides });
    } finally {
      process.env.AWS_ENDPOINT_URL = endpoint;
    }
  };
  const first = await run();
  expect(first.error).toBeUndefined();
  const changed = world.sim
    .orders()
    .slice(0, changes)
    .map((order) =>
      world.sim.setStatus(
        order.id,
        order.status === 'cancelled' ? 'paid' : 'cancelled',
      ),
    );
  changed.push(world.sim.createOrder({ status: 'processing' }));

  return { world, watch, changed, run };
}

/** After the faults are gone, one run must bring the table and topic up to date. */
async function expectRecovered(
  { world, watch, changed, run }: Scene,
  skip: ReadonlySet<number> = new Set(),
): Promise<void> {
  proxy.clear();
  const recovered = await run();
  expect(recovered.error).toBeUndefined();
  expect(byId(await world.orders()).map(apiFields)).toEqual(
    byId(world.sim.orders()),
  );
  for (const order of changed.filter((o) => !skip.has(o.id))) {
    const announced = watch
      .events()
      .some(
        ({ body }) =>
          body.subject === String(order.id) &&
          body.data.status === order.status,
      );
    expect(announced, `order ${order.id} became ${order.status}`).toBe(true);
  }
  await watch.expectNoSecrets();
  await world.stop();
}

const fault = (
  operation: string,
  respond: AwsFault['handle'],
  times: number,
  bodyIncludes?: string,
): AwsFault => ({ operation, handle: respond, times, bodyIncludes });

const FOREVER = 1000;
const CHECKPOINT = '/checkpoint"';
const CREDENTIALS = '/credentials"';
const RESUME = '\\"resume\\"';

describe('faults retried to success', () => {
  const cases: [string, AwsFault][] = [
    [
      'BatchGetItem throughput exceeded twice',
      fault('BatchGetItem', awsErrors.dynamoDbThroughputExceeded, 2),
    ],
    [
      'BatchGetItem throttled twice',
      fault('BatchGetItem', awsErrors.dynamoDbThrottling, 2),
    ],
    [
      'BatchGetItem internal error twice',
      fault('BatchGetItem', awsErrors.dynamoDbInternalError, 2),
    ],
    [
      'every key unprocessed 3 times',
      fault('BatchGetItem', unprocessedKeys(0), 3),
    ],
    [
      'half the keys unprocessed 5 times',
      fault('BatchGetItem', unprocessedKeys(2), 5),
    ],
    ['one key processed 7 times', fault('BatchGetItem', unprocessedKeys(1), 7)],
    [
      'BatchWriteItem throughput exceeded 3 times',
      fault('BatchWriteItem', awsErrors.dynamoDbThroughputExceeded, 3),
    ],
    [
      'BatchWriteItem throttled twice',
      fault('BatchWriteItem', awsErrors.dynamoDbThrottling, 2),
    ],
    [
      'BatchWriteItem internal error twice',
      fault('BatchWriteItem', awsErrors.dynamoDbInternalError, 2),
    ],
    [
      'every item unprocessed 3 times',
      fault('BatchWriteItem', unprocessedItems(0), 3),
    ],
    [
      'half the items unprocessed 5 times',
      fault('BatchWriteItem', unprocessedItems(2), 5),
    ],
    [
      'one item processed 7 times',
      fault('BatchWriteItem', unprocessedItems(1), 7),
    ],
    [
      'checkpoint PutParameter throttled twice',
      fault('PutParameter', awsErrors.ssmThrottling, 2, CHECKPOINT),
    ],
    [
      'checkpoint GetParameter throttled twice',
      fault('GetParameter', awsErrors.ssmThrottling, 2, CHECKPOINT),
    ],
    [
      'credentials GetParameter throttled twice',
      fault('GetParameter', awsErrors.ssmThrottling, 2, CREDENTIALS),
    ],
    [
      'PublishBatch throttled twice',
      fault('PublishBatch', awsErrors.snsThrottling, 2),
    ],
  ];

  it.each(cases)(
    '%s',
    async (_name, injected) => {
      const current = await scene();
      proxy.inject(injected);

      const faulted = await current.run();

      expect(faulted.error).toBeUndefined();
      expect(proxy.calls.filter((call) => call.faulted).length).toBeGreaterThan(
        0,
      );
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );

  it(
    'resume PutParameter throttled twice',
    async () => {
      const current = await scene(10, 3);
      proxy.inject(fault('PutParameter', awsErrors.ssmThrottling, 2, RESUME));

      const faulted = await current.run(
        { RESUME_POINT_INTERVAL_SECONDS: '1' },
        { now: steppingClock(1500) },
      );

      expect(faulted.error).toBeUndefined();
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );
});

/** Returns a clock that moves `stepMs` per reading, starting now. */
function steppingClock(stepMs: number): () => number {
  let now = Date.now();
  return () => {
    now += stepMs;
    return now;
  };
}

describe('faults that end the run', () => {
  // Throttling is retried by the SDK with its real backoff, so there is one
  // case of it per service. The other errors fail at once, for the messages.
  const cases: [string, AwsFault, RegExp][] = [
    [
      'BatchWriteItem throughput exceeded',
      fault('BatchWriteItem', awsErrors.dynamoDbThroughputExceeded, FOREVER),
      /^BatchWriteItem failed: order \d+ and \d+ more in orders-\w+: The level of configured provisioned throughput/,
    ],
    [
      'checkpoint PutParameter throttled',
      fault('PutParameter', awsErrors.ssmThrottling, FOREVER, CHECKPOINT),
      /^PutParameter failed: checkpoint parameter \S+\/checkpoint: Rate exceeded/,
    ],
    [
      'PublishBatch throttled',
      fault('PublishBatch', awsErrors.snsThrottling, FOREVER),
      /^PublishBatch failed: arn:aws:sns:\S+: Rate exceeded/,
    ],
    [
      'BatchGetItem on a missing table',
      fault('BatchGetItem', awsErrors.dynamoDbNotFound, FOREVER),
      /^BatchGetItem failed: orders-\w+: Requested resource not found/,
    ],
    [
      'keys that stay unprocessed',
      fault('BatchGetItem', unprocessedKeys(0), FOREVER),
      /^BatchGetItem failed: \d+ keys of orders-\w+ stayed unprocessed after 8 rounds/,
    ],
    [
      'items that stay unprocessed',
      fault('BatchWriteItem', unprocessedItems(0), FOREVER),
      /^BatchWriteItem failed: \d+ items of orders-\w+ stayed unprocessed after 8 rounds/,
    ],
    [
      'a BatchWriteItem validation error',
      fault('BatchWriteItem', awsErrors.dynamoDbValidation, FOREVER),
      /^BatchWriteItem failed: order \d+ and \d+ more in orders-\w+: Item size has exceeded/,
    ],
    [
      'checkpoint GetParameter denied',
      fault('GetParameter', awsErrors.ssmAccessDenied, FOREVER, CHECKPOINT),
      /^GetParameter failed: checkpoint parameter \S+\/checkpoint: User is not authorized/,
    ],
    [
      'credentials GetParameter denied',
      fault('GetParameter', awsErrors.ssmAccessDenied, FOREVER, CREDENTIALS),
      /^GetParameter failed: credentials parameter \S+\/credentials: User is not authorized/,
    ],
    [
      'checkpoint PutParameter denied',
      fault('PutParameter', awsErrors.ssmAccessDenied, FOREVER, CHECKPOINT),
      /^PutParameter failed: checkpoint parameter \S+\/checkpoint: User is not authorized/,
    ],
    [
      'PublishBatch denied',
      fault('PublishBatch', awsErrors.snsAuthorization, FOREVER),
      /^PublishBatch failed: arn:aws:sns:\S+: User is not authorized/,
    ],
  ];

  it.each(cases)(
    '%s',
    async (_name, injected, error) => {
      const current = await scene();
      const before = await current.world.checkpoint();
      proxy.inject(injected);

      const faulted = await current.run();

      expect(faulted.error?.message).toMatch(error);
      expect((await current.world.checkpoint()).feeds).toEqual(before.feeds);
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );

  it(
    'resume PutParameter denied',
    async () => {
      const current = await scene(10, 3);
      const before = await current.world.checkpoint();
      proxy.inject(
        fault('PutParameter', awsErrors.ssmAccessDenied, FOREVER, RESUME),
      );

      const faulted = await current.run(
        { RESUME_POINT_INTERVAL_SECONDS: '1' },
        { now: steppingClock(1500) },
      );

      expect(faulted.error?.message).toMatch(
        /^PutParameter failed: checkpoint parameter \S+: User is not authorized/,
      );
      expect((await current.world.checkpoint()).feeds).toEqual(before.feeds);
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );
});

describe('failure in a parallel step', () => {
  /** Fails the first matching call at once and slows the others down. */
  function failFirstSlowRest(operation: string, error: AwsFault['handle']) {
    proxy.inject(fault(operation, error, 1));
    proxy.inject(
      fault(
        operation,
        async (body, forward) => {
          await sleep(150);
          return forward(body);
        },
        FOREVER,
      ),
    );
  }

  it.each([
    [
      'BatchWriteItem',
      awsErrors.dynamoDbNotFound,
      /^BatchWriteItem failed: order/,
    ],
    ['PublishBatch', awsErrors.snsAuthorization, /^PublishBatch failed: /],
  ])(
    'stops %s calls once one fails',
    async (operation, error, message) => {
      const current = await scene(70, 100);
      failFirstSlowRest(operation, error);

      const faulted = await current.run();
      const endedAt = Date.now();
      await sleep(1500);

      expect(faulted.error?.message).toMatch(message);
      const late = proxy.calls.filter(
        (call) => call.operation === operation && call.at > endedAt,
      );
      expect(late).toEqual([]);
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );
});

describe('newer write by another writer', () => {
  /** Makes a newer version at the source and writes it straight to the table. */
  async function writeNewer(current: Scene, order: ApiOrder): Promise<void> {
    const later = formatInTimeZone(Date.now() + 2000, 'Europe/Moscow');
    const newer = current.world.sim.updateOrder(order.id, {
      status: 'confirmation',
      updated_at: later,
    });
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient(motoClientConfig(moto.endpoint)),
    );
    await client.send(
      new PutCommand({
        TableName: current.world.resources.ordersTableName,
        Item: newer,
      }),
    );
  }

  it(
    'before the page is read is kept',
    async () => {
      const current = await scene();
      const raced = current.changed.slice(0, 3);
      proxy.inject(
        fault(
          'BatchGetItem',
          async (body, forward) => {
            for (const order of raced) await writeNewer(current, order);
            return forward(body);
          },
          1,
        ),
      );

      const faulted = await current.run();

      expect(faulted.error).toBeUndefined();
      expect(faulted.summary?.orders_stale).toBeGreaterThan(0);
      const items = new Map(
        (await current.world.orders()).map((item) => [item.id, item]),
      );
      for (const order of raced) {
        expect(items.get(order.id)?.status).toBe('confirmation');
      }
      await expectRecovered(current, new Set(raced.map((order) => order.id)));
    },
    TIMEOUT_MS,
  );

  // The function is the table's only writer, so it writes in batches with
  // no condition. A writer that breaks that rule between the read and the
  // write loses its version until the next run reads the order again.
  it(
    'after the events is restored by the next run',
    async () => {
      const current = await scene();
      const raced = current.changed.slice(0, 3);
      let raceDone = false;
      const onStep = async (step: string) => {
        if (step === 'events-published' && !raceDone) {
          raceDone = true;
          for (const order of raced) await writeNewer(current, order);
        }
      };

      const faulted = await current.run({}, { onStep });

      expect(faulted.error).toBeUndefined();
      await expectRecovered(current, new Set(raced.map((order) => order.id)));
    },
    TIMEOUT_MS,
  );
});

describe('an order that DynamoDB rejects', () => {
  it(
    'is set aside and holds up nothing',
    async () => {
      const current = await scene(10);
      const [bad, ...good] = current.changed;
      if (bad === undefined) throw new Error('no changed order');
      proxy.inject(
        fault(
          'BatchWriteItem',
          awsErrors.dynamoDbValidation,
          FOREVER,
          `"id":{"N":"${bad.id}"}`,
        ),
      );

      const first = await current.run();
      const second = await current.run();

      expect(first.error).toBeUndefined();
      expect(second.error).toBeUndefined();
      expect(first.summary?.orders_rejected).toBe(1);
      const rejects = await scanTable(
        moto.endpoint,
        current.world.resources.rejectsTableName,
      );
      expect(rejects.map((reject) => reject.order_id)).toEqual([bad.id]);
      expect(rejects[0]?.reason).toBe(
        'DynamoDB rejected the order: Item size has exceeded the maximum allowed size',
      );
      const stored = new Map(
        (await current.world.orders()).map((item) => [item.id, item]),
      );
      for (const order of good) {
        expect(stored.get(order.id)?.status).toBe(order.status);
        expect(stored.get(order.id)?.sync_pending_events).toBeUndefined();
      }
      const ids = current.watch.events().map(({ body }) => body.id);
      expect(ids).toHaveLength(good.length);
      expect(new Set(ids).size).toBe(ids.length);
      expect(
        current.watch
          .events()
          .some(({ body }) => body.subject === String(bad.id)),
      ).toBe(false);
      expect(first.summary?.feeds.updated_after.pass).toBe('completed');
      expect(first.summary?.feeds.schedule_updated_after.pass).toBe(
        'completed',
      );
    },
    TIMEOUT_MS,
  );
});

describe('events left pending', () => {
  it(
    'are published again once when the run fails later',
    async () => {
      const current = await scene();
      const crashed = await current.run(
        {},
        {
          onStep: (step) => {
            if (step === 'events-published') throw new Error('crash');
          },
        },
      );
      expect(crashed.error?.message).toMatch(/crash/);
      const pending = current.watch.events().map(({ body }) => body.id);
      const [next] = current.world.sim
        .orders()
        .filter((order) => !current.changed.some((c) => c.id === order.id));
      if (next === undefined) throw new Error('no unchanged order');
      current.world.sim.setStatus(
        next.id,
        next.status === 'paid' ? 'cancelled' : 'paid',
      );
      // Writes that carry pending events fail, so every later run fails
      // after it has published the events left by the crash.
      proxy.inject(
        fault(
          'BatchWriteItem',
          awsErrors.dynamoDbNotFound,
          FOREVER,
          'sync_pending_events',
        ),
      );

      const second = await current.run();
      const third = await current.run();

      expect(second.error?.message).toMatch(/^BatchWriteItem failed/);
      expect(third.error?.message).toMatch(/^BatchWriteItem failed/);
      // The run fails at the page of the new change, so pending events on
      // later pages wait for a run that gets there.
      const again = [...second.events, ...third.events]
        .map(({ body }) => body.id)
        .filter((id) => pending.includes(id));
      expect(again.length).toBeGreaterThan(0);
      expect(new Set(again).size).toBe(again.length);
    },
    TIMEOUT_MS,
  );
});

describe('PublishBatch with failed entries', () => {
  const send = SNSClient.prototype.send as (
    this: SNSClient,
    command: PublishBatchCommand,
  ) => Promise<object>;

  /**
   * Mocks PublishBatch so that entries chosen by `fails` come back failed
   * with `code`, and the others go on to moto.
   */
  function failEntries(
    fails: (call: number, index: number, message: string) => boolean,
    code: string,
    senderFault: boolean,
  ) {
    const sns = mockClient(SNSClient);
    let call = 0;
    sns
      .on(PublishBatchCommand)
      .callsFake(async (input: PublishBatchCommandInput, getClient) => {
        call++;
        const entries = input.PublishBatchRequestEntries ?? [];
        const failed = entries.filter((entry, index) =>
          fails(call, index, entry.Message ?? ''),
        );
        const passed = entries.filter((entry) => !failed.includes(entry));
        const output = passed.length
          ? await send.call(
              getClient(),
              new PublishBatchCommand({
                ...input,
                PublishBatchRequestEntries: passed,
              }),
            )
          : { Successful: [] };
        const Failed: PublishBatchResultEntry[] = failed.map((entry) => ({
          Id: entry.Id,
          Code: code,
          Message: `${code} for this entry`,
          SenderFault: senderFault,
        }));
        return { ...output, Failed };
      });

    return sns;
  }

  it.each([
    [
      'every second entry, twice',
      (call: number, index: number) => call <= 2 && index % 2 === 1,
    ],
    ['every entry, 4 times', (call: number) => call <= 4],
    [
      'the first entry, 5 times',
      (call: number, index: number) => call <= 5 && index === 0,
    ],
  ])(
    'retries %s to success',
    async (_name, fails) => {
      const current = await scene();
      const sns = failEntries(fails, 'InternalError', false);
      try {
        const faulted = await current.run();

        expect(faulted.error).toBeUndefined();
      } finally {
        sns.restore();
      }
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );

  it(
    'ends the run when entries keep failing',
    async () => {
      const current = await scene();
      const before = await current.world.checkpoint();
      const order = String(current.changed[1]?.id);
      const sns = failEntries(
        (_call, _index, message) => message.includes(`"subject":"${order}"`),
        'InternalError',
        false,
      );
      try {
        const faulted = await current.run();

        expect(faulted.error?.message).toMatch(
          /^PublishBatch failed: 1 events were not published to arn:aws:sns:\S+ after 6 rounds/,
        );
      } finally {
        sns.restore();
      }
      expect((await current.world.checkpoint()).feeds).toEqual(before.feeds);
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );

  it(
    'ends the run on a sender fault, naming the order',
    async () => {
      const current = await scene();
      const before = await current.world.checkpoint();
      const sns = failEntries(
        (_call, index) => index === 0,
        'InvalidParameter',
        true,
      );
      try {
        const faulted = await current.run();

        expect(faulted.error?.message).toMatch(
          /^PublishBatch failed: arn:aws:sns:\S+ rejected the order\.status_changed event of order \d+: InvalidParameter/,
        );
      } finally {
        sns.restore();
      }
      expect((await current.world.checkpoint()).feeds).toEqual(before.feeds);
      await expectRecovered(current);
    },
    TIMEOUT_MS,
  );
});
