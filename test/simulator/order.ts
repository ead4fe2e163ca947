/** An order as the Tripster orders API serializes it, fields in its order. */
export interface ApiOrder {
  id: number;
  exp_type: string;
  partnerorder_id: string;
  price: number | null;
  profit: number | null;
  currency: string;
  description: string;
  city: string;
  country: Country;
  status: string;
  updated_at: string;
  created_at: string;
  start_at: string | null;
  partner: string;
  subpartner: string;
  utm_marks: UtmMarks;
}

export interface Country {
  name_en: string;
  iso_code: string;
}

export interface UtmMarks {
  content: string | null;
  source: string | null;
  term: string | null;
  medium: string | null;
  campaign: string | null;
}

/**
 * An order handed to the simulator. `schedule_updated_at` is the time of the
 * last schedule change, which `schedule_updated_after` filters on. The API
 * does not serialize it. It defaults to `created_at`.
 */
export type OrderInput = ApiOrder & { schedule_updated_at?: string };

/** The two orders of the partner documentation's response example. */
export const DOCUMENTATION_EXAMPLE_ORDERS: readonly ApiOrder[] = [
  {
    id: 123456,
    exp_type: 'Экскурсия',
    partnerorder_id: '123abc4d',
    price: null,
    profit: null,
    currency: 'RUB',
    description: 'Музеи Ватикана и собор Святого Петра',
    city: 'Rome',
    country: { name_en: 'Italy', iso_code: 'IT' },
    status: 'processing',
    updated_at: '2019-06-20 09:37:33',
    created_at: '2019-06-20 09:37:33',
    start_at: '2019-06-22 11:30:00',
    partner: 'somepartner',
    subpartner: '161gavf7a5v7ajb8-12345',
    utm_marks: {
      content: null,
      source: 'somepartner',
      term: null,
      medium: 'link',
      campaign: 'affiliates',
    },
  },
  {
    id: 123457,
    exp_type: 'Тур',
    partnerorder_id: '123abc4f',
    price: 15000.0,
    profit: 1200.0,
    currency: 'RUB',
    description: 'Фантастические виды соляной шахты «Величка»',
    city: 'Krakow',
    country: { name_en: 'Poland', iso_code: 'PL' },
    status: 'paid',
    updated_at: '2019-06-20 09:16:10',
    created_at: '2019-06-20 09:14:38',
    start_at: '2019-06-20 13:00:00',
    partner: 'somepartner',
    subpartner: 'vashlv8asv67273ghj-12345',
    utm_marks: {
      content: null,
      source: 'somepartner',
      term: null,
      medium: 'link',
      campaign: 'affiliates',
    },
  },
];
