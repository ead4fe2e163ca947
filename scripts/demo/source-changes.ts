import type { ApiOrder, Simulator } from '../../test/simulator';

/** One change made at the source, described for the reader. */
export interface SourceChange {
  readonly id: number;
  readonly action: string;
  readonly before: string;
  readonly after: string;
}

const PAYMENTS = 3;
const CANCELLATIONS = 2;
const NEW_ORDER_STATUSES = ['processing', 'processing', 'paid'];
const DAY_MS = 86_400_000;

/**
 * Changes orders at the source as customers and Tripster would: pays the
 * newest processing orders, cancels the newest paid ones, moves the start of
 * one paid order by a day and books new orders. Fewer orders change when
 * the source has too few of a status.
 */
export function changeOrders(simulator: Simulator): SourceChange[] {
  const orders = simulator.orders().reverse();
  const processing = orders.filter((order) => order.status === 'processing');
  const paid = orders.filter((order) => order.status === 'paid');
  const changes: SourceChange[] = [];

  for (const order of processing.slice(0, PAYMENTS)) {
    simulator.setStatus(order.id, 'paid');
    changes.push(statusChange(order, 'paid'));
  }
  const cancelled = paid.slice(0, CANCELLATIONS);
  for (const order of cancelled) {
    simulator.setStatus(order.id, 'cancelled');
    changes.push(statusChange(order, 'cancelled'));
  }
  const moved = paid.find(
    (order) => order.start_at !== null && !cancelled.includes(order),
  );
  if (moved !== undefined) {
    changes.push(reschedule(simulator, moved));
  }
  for (const status of NEW_ORDER_STATUSES) {
    const order = simulator.createOrder({ status });
    changes.push({
      id: order.id,
      action: 'created',
      before: '',
      after: status,
    });
  }

  return changes;
}

function statusChange(order: ApiOrder, status: string): SourceChange {
  return { id: order.id, action: status, before: order.status, after: status };
}

function reschedule(simulator: Simulator, order: ApiOrder): SourceChange {
  const before = order.start_at ?? '';
  const after = addDays(before, 1);
  simulator.reschedule(order.id, after);

  return { id: order.id, action: 'rescheduled', before, after };
}

/** Adds whole days to a `YYYY-MM-DD HH:MM:SS` wall-clock time. */
function addDays(wallClock: string, days: number): string {
  const ms = Date.parse(`${wallClock.replace(' ', 'T')}Z`) + days * DAY_MS;

  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
