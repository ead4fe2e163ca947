import { formatInTimeZone, formatWallClock, requireWallClock } from './clock';
import {
  BLOGGER_HANDLES,
  CITIES,
  type City,
  EXCURSION_TITLES,
  TOUR_DURATIONS,
  TOUR_TITLES,
  utmMarkSets,
} from './generator-data';
import { generateMoney, NO_MONEY } from './money';
import type { ApiOrder } from './order';
import { Random } from './random';

export const DEFAULT_PARTNER_ID = 'somepartner';
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';
const DEFAULT_START_ID = 200_001;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface GenerateOrdersOptions {
  count: number;
  /** Seed of the pseudo-random sequence. @default 1 */
  seed?: number;
  /** Id of the first order. Ids ascend with `created_at`. @default 200001 */
  startId?: number;
  /**
   * Earliest `created_at`, `YYYY-MM-DD HH:MM:SS`.
   * @default a year before `to`
   */
  from?: string;
  /** Latest `created_at` and `updated_at`. @default now in Europe/Moscow */
  to?: string;
  /**
   * Value of `partner` and of the partner's UTM source.
   * @default 'somepartner'
   */
  partnerId?: string;
}

/**
 * Generates realistic orders, the same ones for the same options. The default
 * `to` is the current time, so pass `from` and `to` for fully repeatable data.
 */
export function generateOrders(options: GenerateOrdersOptions): ApiOrder[] {
  const { count, seed = 1, startId = DEFAULT_START_ID } = options;
  const partnerId = options.partnerId ?? DEFAULT_PARTNER_ID;
  const to = options.to ?? formatInTimeZone(Date.now(), DEFAULT_TIME_ZONE);
  const toMs = requireWallClock('to', to);
  const fromMs =
    options.from === undefined
      ? toMs - 365 * DAY_MS
      : requireWallClock('from', options.from);
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  if (fromMs > toMs) {
    throw new RangeError(`from (${options.from}) must not be after to (${to})`);
  }

  const random = new Random(seed);
  const createdTimes = Array.from(
    { length: count },
    () => random.int(fromMs / 1000, toMs / 1000) * 1000,
  ).sort((a, b) => a - b);

  return createdTimes.map((createdMs, index) =>
    generateOrder(random, startId + index, createdMs, toMs, partnerId),
  );
}

/** Generates one order created at `createdAt`, seeded by its id. */
export function generateOrderAt(
  id: number,
  createdAt: string,
  partnerId: string,
): ApiOrder {
  const createdMs = requireWallClock('createdAt', createdAt);

  return generateOrder(new Random(id), id, createdMs, createdMs, partnerId);
}

function generateOrder(
  random: Random,
  id: number,
  createdMs: number,
  toMs: number,
  partnerId: string,
): ApiOrder {
  const city = random.pick(CITIES);
  const expType = random.chance(0.15) ? 'Тур' : 'Экскурсия';
  const status = pickStatus(random);
  const money = status === 'paid' ? generateMoney(random) : NO_MONEY;
  const updatedMs = Math.min(createdMs + updateDelayMs(random, status), toMs);
  const startAt = generateStartAt(random, createdMs, status, expType);

  return {
    id,
    exp_type: expType,
    partnerorder_id: random.hex(8),
    price: money.price,
    profit: money.profit,
    currency: 'RUB',
    description: generateTitle(random, city, expType),
    city: city.name,
    country: { name_en: city.country, iso_code: city.isoCode },
    status,
    updated_at: formatWallClock(updatedMs),
    created_at: formatWallClock(createdMs),
    start_at: startAt,
    partner: partnerId,
    subpartner: generateSubpartner(random),
    utm_marks: { ...random.pick(utmMarkSets(partnerId)) },
  };
}

function pickStatus(random: Random): string {
  const roll = random.next();
  if (roll < 0.75) {
    return 'paid';
  }

  return roll < 0.87 ? 'cancelled' : 'processing';
}

function updateDelayMs(random: Random, status: string): number {
  if (status === 'processing') {
    return random.chance(0.6) ? 0 : random.int(1, 90) * MINUTE_MS;
  }
  if (status === 'paid' && random.chance(0.7)) {
    return random.int(1, 30) * MINUTE_MS;
  }

  return random.int(1, 20 * 24 * 60) * MINUTE_MS;
}

/** Returns a start on the hour or half hour, at least a day after creation. */
function generateStartAt(
  random: Random,
  createdMs: number,
  status: string,
  expType: string,
): string | null {
  if (status !== 'paid' && random.chance(0.35)) {
    return null;
  }
  const days = expType === 'Тур' ? random.int(14, 120) : random.int(1, 60);
  const start = new Date(createdMs + days * DAY_MS);
  start.setUTCHours(random.int(8, 19), random.chance(0.5) ? 0 : 30, 0, 0);

  return formatWallClock(start.getTime());
}

function generateTitle(random: Random, city: City, expType: string): string {
  const sight = random.pick(city.sights);
  if (expType === 'Тур') {
    return random.pick(TOUR_TITLES)(sight, city, random.pick(TOUR_DURATIONS));
  }

  return random.pick(EXCURSION_TITLES)(sight, city, '');
}

/** Returns an empty subpartner, a tracker's click id or a blogger's handle. */
function generateSubpartner(random: Random): string {
  const roll = random.next();
  if (roll < 0.35) {
    return '';
  }
  if (roll < 0.75) {
    return `${random.alphanumeric(18)}-${random.int(10_000, 99_999)}`;
  }

  return random.pick(BLOGGER_HANDLES);
}
