import {
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
  vi,
} from 'vitest';
import { orderAt } from './fixtures';
import { type Simulator, startSimulator } from './simulator';
import { getOrders, getPage, ids, obtainToken } from './test-client';

/** 2024-03-10 12:00:00 UTC: 21:00:00 in Tokyo, 15:00:00 in Moscow. */
const MACHINE_NOW = Date.UTC(2024, 2, 10, 12, 0, 0);

describe('source clock', () => {
  let simulator: Simulator;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(MACHINE_NOW);
  });
  afterEach(async () => {
    await simulator.stop();
    vi.useRealTimers();
  });

  it('sends the Date header from the offset clock', async () => {
    simulator = await startSimulator({ clockOffsetMs: 90_000 });

    const response = await getOrders(simulator, { format: 'json' });

    expect(response.headers.get('date')).toBe('Sun, 10 Mar 2024 12:01:30 GMT');
  });

  it('stamps changes in the time zone with the offset', async () => {
    simulator = await startSimulator({
      timeZone: 'Asia/Tokyo',
      clockOffsetMs: -30_000,
      orders: [orderAt(1, '2021-01-01 00:00:00')],
    });

    const updated = simulator.updateOrder(1, { subpartner: 'changed' });

    expect(simulator.sourceNow()).toBe('2024-03-10 20:59:30');
    expect(updated.updated_at).toBe('2024-03-10 20:59:30');
  });

  it('defaults to Moscow time', async () => {
    simulator = await startSimulator();

    expect(simulator.sourceNow()).toBe('2024-03-10 15:00:00');
  });
});

describe('data control', () => {
  let simulator: Simulator;
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(MACHINE_NOW);
    simulator = await startSimulator({
      orders: [1, 2, 3, 4, 5, 6].map((id) =>
        orderAt(id, `2021-03-0${id} 12:00:00`),
      ),
      pageSize: 3,
    });
  });
  afterEach(async () => {
    await simulator.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('updateOrder keeps an updated_at set in the patch', () => {
    const updated = simulator.updateOrder(1, {
      updated_at: '2022-01-01 00:00:00',
    });

    expect(updated.updated_at).toBe('2022-01-01 00:00:00');
  });

  it('updateOrder rejects an unknown id', () => {
    expect(() => simulator.updateOrder(99, {})).toThrow('Order 99 not found');
  });

  it('setStatus clears money for cancelled', () => {
    const order = simulator.setStatus(2, 'cancelled');

    expect(order.price).toBeNull();
    expect(order.profit).toBeNull();
    expect(order.updated_at).toBe('2024-03-10 15:00:00');
  });

  it('setStatus generates money for paid', () => {
    simulator.setStatus(2, 'processing');

    const order = simulator.setStatus(2, 'paid');

    expect(order.price).toBeGreaterThan(0);
    expect(order.profit).toBeGreaterThan(0);
  });

  it('reschedule changes only the schedule timestamps', async () => {
    const order = simulator.reschedule(3, '2024-05-01 10:00:00');

    const bySchedule = await getPage(simulator, {
      schedule_updated_after: '2024-03-10 14:59:59',
    });
    const byUpdate = await getPage(simulator, {
      updated_after: '2024-03-10 14:59:59',
    });

    expect(order.start_at).toBe('2024-05-01 10:00:00');
    expect(order.updated_at).toBe('2021-03-03 12:00:00');
    expect(simulator.scheduleUpdatedAt(3)).toBe('2024-03-10 15:00:00');
    expect(ids(bySchedule)).toEqual([3]);
    expect(ids(byUpdate)).toEqual([]);
  });

  it('createOrder stamps the next id with the current time', () => {
    const order = simulator.createOrder({ status: 'paid' });

    expect(order.id).toBe(200_001);
    expect(order.created_at).toBe('2024-03-10 15:00:00');
    expect(order.updated_at).toBe('2024-03-10 15:00:00');
    expect(order.price).not.toBeNull();
    expect(simulator.getOrder(order.id)).toEqual(order);
  });

  it('orders returns deep copies', () => {
    const [first] = simulator.orders();
    if (first === undefined) {
      throw new Error('Expected orders');
    }

    first.country.name_en = 'Changed';

    expect(simulator.getOrder(first.id)?.country.name_en).toBe('Poland');
  });

  it('addOrders rejects a duplicate id', () => {
    expect(() =>
      simulator.addOrders([orderAt(1, '2021-01-01 00:00:00')]),
    ).toThrow('Order 1 already exists');
  });

  it('hook changes data between pages', async () => {
    const remove = simulator.onOrdersRequest(({ page }) => {
      if (page === 2) {
        simulator.createOrder();
      }
    });

    const first = await getPage(simulator);
    const second = await getPage(simulator, { page: '2' });
    remove();
    const again = await getPage(simulator, { page: '2' });

    expect(ids(first)).toEqual([6, 5, 4]);
    expect(second.count).toBe(7);
    expect(ids(second)).toEqual([4, 3, 2]);
    expect(again.count).toBe(7);
  });

  it('hook receives the page, URL and log index', async () => {
    const seen: { page: number; url: string; requestIndex: number }[] = [];
    simulator.onOrdersRequest((info) => {
      seen.push(info);
    });

    await getPage(simulator, { page: '2' });

    expect(seen).toHaveLength(1);
    const [info] = seen;
    expect(info?.page).toBe(2);
    expect(info?.url).toContain('page=2');
    expect(simulator.requests[info?.requestIndex ?? -1]?.query.page).toBe('2');
  });

  it('hook error returns 500 and logs', async () => {
    const logError = vi.spyOn(console, 'error').mockImplementation(() => {});
    simulator.onOrdersRequest(() => {
      throw new Error('hook failed');
    });
    const token = await obtainToken(simulator);

    const response = await getOrders(
      simulator,
      { format: 'json' },
      `Token ${token}`,
    );

    expect(response.status).toBe(500);
    expect(await response.text()).toContain('hook failed');
    expect(logError).toHaveBeenCalledOnce();
  });

  it('logs method, path, query and status', async () => {
    const token = await obtainToken(simulator);

    await getOrders(simulator, { format: 'json' }, `Token ${token}`);

    expect(simulator.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/api/partners/somepartner/experienceorders/',
      query: { format: 'json' },
      authScheme: 'Token',
      status: 200,
      time: MACHINE_NOW,
    });
  });
});

describe('options', () => {
  it('delays orders responses by latencyMs', async () => {
    const simulator = await startSimulator({ latencyMs: 150 });
    onTestFinished(() => simulator.stop());
    const started = performance.now();

    await getOrders(simulator, { format: 'json' });

    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it.each([
    [{ pageSize: 0 }, /pageSize/],
    [{ timeZone: 'Mars/Olympus' }, /timeZone/],
    [{ publicBase: 'not a url' }, /publicBase/],
  ])('rejects invalid options %o', async (options, message) => {
    await expect(startSimulator(options)).rejects.toThrow(message);
  });
});
