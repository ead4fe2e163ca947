import { describe, expect, it } from 'vitest';
import { DOCUMENTATION_EXAMPLE_ORDERS, generateOrders } from '../simulator';
import {
  apiFields,
  byId,
  createWorld,
  useMotoServer,
  type World,
} from '../support/world';

let world: World;
const aws = useMotoServer(() => world);

const someOrders = (count: number) =>
  generateOrders({ count, seed: 7, startId: 500_000 });

describe('backfill', () => {
  it('stores every order with its API fields', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(230) },
    });

    const summary = await world.run();

    expect(summary.outcome).toBe('completed');
    expect(summary.orders_written).toBe(230);
    const stored = byId(await world.orders()).map(apiFields);
    expect(stored).toEqual(byId(world.sim.orders()));
  });

  it('keeps nulls and exact money of the documented example', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: [...DOCUMENTATION_EXAMPLE_ORDERS] },
    });

    await world.run();

    const [processing, paid] = byId(await world.orders());
    expect(processing?.price).toBeNull();
    expect(processing?.profit).toBeNull();
    expect(paid?.price).toBe(15000);
    expect(paid?.country).toEqual({ name_en: 'Poland', iso_code: 'PL' });
    expect(paid?.utm_marks).toMatchObject({ content: null, medium: 'link' });
  });

  it('publishes no first sightings by default', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(40) },
    });

    const summary = await world.run();

    expect(summary.events_published).toBe(0);
    expect(await world.events()).toEqual([]);
  });

  it('publishes first sightings when the setting is on', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(12) },
    });

    await world.run({ PUBLISH_BACKFILL_EVENTS: 'true' });

    const events = await world.events();
    expect(events).toHaveLength(12);
    expect(
      events.every((event) => event.attributes.previous_status === undefined),
    ).toBe(true);
  });

  it('advances both cursors to the source clock', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(60) },
    });
    const before = world.sim.sourceNow();

    await world.run();

    const { feeds } = await world.checkpoint();
    const cursor = feeds.updated_after?.cursor ?? '';
    const scheduleCursor = feeds.schedule_updated_after?.cursor ?? '';
    expect(cursor >= before).toBe(true);
    expect(scheduleCursor >= before).toBe(true);
    expect(cursor <= world.sim.sourceNow()).toBe(true);
  });
});

describe('incremental run', () => {
  it('costs no writes and no events when nothing changed', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(80) },
    });
    await world.run();
    const before = await world.orders();

    const summary = await world.run();

    expect(summary.orders_written).toBe(0);
    expect(summary.events_published).toBe(0);
    expect(byId(await world.orders())).toEqual(byId(before));
  });

  it('publishes a status change as a CloudEvent', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(50) },
    });
    await world.run();
    const order = world.sim.orders().find((o) => o.status === 'processing');
    if (order === undefined)
      throw new Error('generator made no processing order');
    const paid = world.sim.setStatus(order.id, 'paid');

    const summary = await world.run();

    expect(summary.events_published).toBe(1);
    const [event] = await world.events();
    expect(event?.body).toMatchObject({
      specversion: '1.0',
      type: 'order.status_changed',
      subject: String(order.id),
      datacontenttype: 'application/json',
      source: `${world.sim.apiBase}/partners/somepartner/experienceorders/`,
      data: { previous_status: 'processing', status: 'paid', order: paid },
    });
    expect(event?.attributes).toMatchObject({
      type: 'order.status_changed',
      status: 'paid',
      previous_status: 'processing',
      partner: 'somepartner',
    });
  });

  it('keeps the status history with each change', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(20) },
    });
    await world.run();
    const order = world.sim.orders().find((o) => o.status === 'processing');
    if (order === undefined)
      throw new Error('generator made no processing order');
    world.sim.setStatus(order.id, 'paid');
    await world.run();
    world.sim.setStatus(order.id, 'cancelled');

    await world.run();

    const item = (await world.orders()).find((o) => o.id === order.id);
    const history = item?.sync_status_history as { status: string }[];
    expect(history.map((entry) => entry.status)).toEqual([
      'processing',
      'paid',
      'cancelled',
    ]);
    expect(item?.sync_first_seen_at).toBeTypeOf('string');
  });

  it('publishes a reschedule found by the schedule feed', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(30) },
    });
    await world.run();
    const order = world.sim.orders()[3];
    if (order === undefined) throw new Error('no order');
    world.sim.reschedule(order.id, '2031-05-01 10:00:00');

    await world.run();

    const events = await world.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.body).toMatchObject({
      type: 'order.rescheduled',
      subject: String(order.id),
      data: {
        previous_start_at: order.start_at,
        start_at: '2031-05-01 10:00:00',
      },
    });
    const item = (await world.orders()).find((o) => o.id === order.id);
    expect(item?.start_at).toBe('2031-05-01 10:00:00');
  });

  it('stores new orders created since the last run', async () => {
    world = await createWorld(aws.moto, {
      simulator: { orders: someOrders(10) },
    });
    await world.run();
    const created = world.sim.createOrder({ status: 'processing' });

    const summary = await world.run();

    expect(summary.orders_written).toBe(1);
    const [event] = await world.events();
    expect(event?.body).toMatchObject({
      data: { previous_status: null, status: 'processing' },
    });
    expect((await world.orders()).some((o) => o.id === created.id)).toBe(true);
  });
});
