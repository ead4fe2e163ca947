import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateOrders } from '../simulator';
import { writeParameter } from '../support/aws';
import { type Moto, startMoto } from '../support/moto';
import { createWorld, useMoto, type World } from '../support/world';
import { runCli } from './harness';
import { awsOnlyEnv, createSyncStack } from './stack';

let moto: Moto;
let world: World;

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
});
afterAll(async () => {
  await moto?.stop();
});
afterEach(async () => {
  await world?.stop();
});

describe('settings', () => {
  it('reports a missing stack and how to give each setting', async () => {
    const result = await runCli(['status', '--stack', 'NoSuchStack'], {
      env: awsOnlyEnv(moto.endpoint),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--orders-table or ORDERS_TABLE_NAME (orders table; stack output OrdersTableName)',
    );
    expect(result.stderr).toContain(
      'stack NoSuchStack was not found in us-east-1',
    );
  });

  it('reads the outputs of the stack named by --stack', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await createSyncStack(moto.endpoint, 'SettingsStack', world.resources);

    const result = await runCli(
      ['status', '--json', '--stack', 'SettingsStack'],
      {
        env: awsOnlyEnv(moto.endpoint),
      },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).checkpoint_parameter).toBe(
      world.resources.checkpointParameterName,
    );
  });

  it('reads the stack TripsterOrderSync when no name is given', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await createSyncStack(moto.endpoint, 'TripsterOrderSync', world.resources);

    const result = await runCli(['rejects', 'list'], {
      env: awsOnlyEnv(moto.endpoint),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(world.resources.rejectsTableName);
  });

  it('takes the partner id from the environment of the function', async () => {
    world = await createWorld(moto, {
      simulator: { orders: generateOrders({ count: 3, seed: 2 }) },
    });
    await createSyncStack(moto.endpoint, 'ReplayStack', world.resources);
    const id = world.sim.orders()[0]?.id ?? 0;
    await world.run({ PUBLISH_BACKFILL_EVENTS: 'true' });
    const original = (await world.events()).find(
      (event) => event.body.subject === String(id),
    );

    const result = await runCli(
      ['replay', '--order', String(id), '--stack', 'ReplayStack'],
      { env: awsOnlyEnv(moto.endpoint) },
    );
    const [replayed] = await world.events();

    expect(result.code).toBe(0);
    expect(replayed?.body.source).toBe(original?.body.source);
    expect(replayed?.body.id).toBe(original?.body.id);
  });

  it('lets a flag win over a variable, and a variable over the stack', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await createSyncStack(moto.endpoint, 'OrderStack', world.resources);
    const ownCheckpoint = `${world.resources.checkpointParameterName}-own`;
    await writeParameter(moto.endpoint, ownCheckpoint, '{}');

    const result = await runCli(
      [
        'status',
        '--json',
        '--stack',
        'OrderStack',
        '--orders-table',
        world.resources.ordersTableName,
      ],
      {
        env: {
          ...awsOnlyEnv(moto.endpoint),
          ORDERS_TABLE_NAME: 'not-this-table',
          CHECKPOINT_PARAMETER_NAME: ownCheckpoint,
        },
      },
    );

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.orders.table).toBe(world.resources.ordersTableName);
    expect(report.checkpoint_parameter).toBe(ownCheckpoint);
    expect(report.rejected_records.table).toBe(
      world.resources.rejectsTableName,
    );
  });
});
