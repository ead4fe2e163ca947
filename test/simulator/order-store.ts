import type { SourceClock } from './clock';
import { generateOrderAt } from './generator';
import { moneyForStatus } from './money';
import type { ApiOrder, OrderInput } from './order';

/** An order with the schedule timestamp that the API does not serialize. */
export interface StoredOrder {
  readonly order: ApiOrder;
  scheduleUpdatedAt: string;
}

export type OrderComparator = (a: StoredOrder, b: StoredOrder) => number;

const FIRST_CREATED_ID = 200_001;

/**
 * In-memory orders of one partner. Each change stamps the source's current
 * time, as the real database would. Records are stored as given, without
 * validation, so tests can serve invalid ones. Reads return deep copies.
 */
export class OrderStore {
  readonly #records = new Map<number, StoredOrder>();
  readonly #clock: SourceClock;
  readonly #compare: OrderComparator;
  readonly #partnerId: string;
  #sorted: StoredOrder[] | null = null;
  #version = 0;

  constructor(clock: SourceClock, compare: OrderComparator, partnerId: string) {
    this.#clock = clock;
    this.#compare = compare;
    this.#partnerId = partnerId;
  }

  /** Adds orders, or throws without adding any if an id already exists. */
  add(inputs: readonly OrderInput[]): void {
    for (const input of inputs) {
      if (this.#records.has(input.id)) {
        throw new Error(`Order ${input.id} already exists`);
      }
    }
    for (const input of inputs) {
      const { schedule_updated_at, ...order } = structuredClone(input);
      const scheduleUpdatedAt = schedule_updated_at ?? order.created_at;
      this.#records.set(order.id, { order, scheduleUpdatedAt });
    }
    this.#changed();
  }

  /** Number of changes so far, so callers can tell when to recompute. */
  get version(): number {
    return this.#version;
  }

  get(id: number): ApiOrder | undefined {
    const record = this.#records.get(id);

    return record === undefined ? undefined : structuredClone(record.order);
  }

  /** Returns copies of all orders, by ascending id. */
  list(): ApiOrder[] {
    return [...this.#records.values()]
      .map((record) => structuredClone(record.order))
      .sort((a, b) => a.id - b.id);
  }

  /** Returns the stored records in listing order, without copying. */
  sorted(): readonly StoredOrder[] {
    this.#sorted ??= [...this.#records.values()].sort(this.#compare);

    return this.#sorted;
  }

  /**
   * Applies `patch` and sets `updated_at` to the source's current time unless
   * the patch sets it. A changed `start_at` also counts as a schedule change.
   */
  update(id: number, patch: Partial<ApiOrder>): ApiOrder {
    const record = this.#require(id);
    if (patch.id !== undefined && patch.id !== id) {
      throw new Error(`Order ${id} cannot change its id to ${patch.id}`);
    }
    const now = this.#clock.now();
    const changes = withoutUndefined(structuredClone(patch));
    if ('start_at' in changes && changes.start_at !== record.order.start_at) {
      record.scheduleUpdatedAt = now;
    }
    Object.assign(record.order, { updated_at: now }, changes);
    this.#changed();

    return structuredClone(record.order);
  }

  /** Sets the status and the money that goes with it, stamping `updated_at`. */
  setStatus(id: number, status: string): ApiOrder {
    const current = this.#require(id).order;

    return this.update(id, { status, ...moneyForStatus(current, status) });
  }

  /** Moves the start and stamps the schedule change, keeping `updated_at`. */
  reschedule(id: number, startAt: string | null): ApiOrder {
    const record = this.#require(id);
    record.order.start_at = startAt;
    record.scheduleUpdatedAt = this.#clock.now();
    this.#changed();

    return structuredClone(record.order);
  }

  /**
   * Creates an order at the source's current time with the next free id.
   * Fields in `partial` override the generated ones. When it sets a status
   * but no money, price and profit follow that status.
   */
  create(partial: Partial<ApiOrder> = {}): ApiOrder {
    const id = partial.id ?? this.#nextId();
    const now = this.#clock.now();
    const generated = generateOrderAt(id, now, this.#partnerId);
    const order = { ...generated, ...withoutUndefined(partial) };
    if (partial.price === undefined && partial.profit === undefined) {
      Object.assign(order, moneyForStatus(generated, order.status));
    }
    this.add([{ ...order, schedule_updated_at: now }]);

    return structuredClone(order);
  }

  scheduleUpdatedAt(id: number): string {
    return this.#require(id).scheduleUpdatedAt;
  }

  #changed(): void {
    this.#version += 1;
    this.#sorted = null;
  }

  #require(id: number): StoredOrder {
    const record = this.#records.get(id);
    if (record === undefined) {
      throw new Error(`Order ${id} not found`);
    }

    return record;
  }

  #nextId(): number {
    let maxId = FIRST_CREATED_ID - 1;
    for (const id of this.#records.keys()) {
      maxId = Math.max(maxId, id);
    }

    return maxId + 1;
  }
}

function withoutUndefined<T extends object>(patch: T): Partial<T> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);

  return Object.fromEntries(entries) as Partial<T>;
}
