import { Writable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  NumberValue,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { motoClientConfig } from '../support/aws';
import { type Moto, startMoto } from '../support/moto';
import { createWorld, useMoto, type World } from '../support/world';
import { runCli } from './harness';

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

const baseOrder = {
  exp_type: 'Тур',
  partnerorder_id: '123abc4f',
  currency: 'RUB',
  city: 'Krakow',
  country: { name_en: 'Poland', iso_code: 'PL' },
  created_at: '2024-03-01 09:00:00',
  start_at: null,
  partner: 'somepartner',
  utm_marks: {
    content: null,
    source: 'blog',
    term: null,
    medium: 'link',
    campaign: 'spring',
  },
  sync_first_seen_at: '2024-03-01T06:00:00.000Z',
  sync_content_hash: 'abc',
};

/** Orders with the values a CSV writer gets wrong. */
const orders = [
  {
    ...baseOrder,
    id: 1,
    price: NumberValue.from('1234.50'),
    profit: NumberValue.from('12345678901234567.89'),
    description: 'Wieliczka, "salt" mine\nday tour',
    status: 'paid',
    updated_at: '2024-03-02 10:00:00',
    subpartner: '=HYPERLINK("http://attacker.example","click")',
    extra_field: 'kept in JSON lines',
  },
  {
    ...baseOrder,
    id: 2,
    price: null,
    profit: -5,
    description: '+7 (999) 000-00-00',
    status: 'cancelled',
    updated_at: '2024-02-10 10:00:00',
    subpartner: '@SUM(A1:A9)',
  },
  {
    ...baseOrder,
    id: 3,
    price: 100,
    profit: 10,
    description: '-plain minus',
    status: 'paid',
    updated_at: '2024-01-05 10:00:00',
    subpartner: 'ok',
  },
];

async function putOrders(items: Record<string, unknown>[]): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient(motoClientConfig(moto.endpoint)),
  );
  for (const item of items) {
    await client.send(
      new PutCommand({
        TableName: world.resources.ordersTableName,
        Item: item,
      }),
    );
  }
}

/** Parses RFC 4180 CSV text into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else {
      cell += char;
    }
  }

  return rows;
}

async function exportCsv(args: string[] = []) {
  const result = await runCli(['export', '--format', 'csv', ...args], {
    env: world.resources.env,
  });
  const [header = [], ...rows] = parseCsv(result.stdout);
  const byId = new Map(
    rows.map((row) => [
      row[0],
      Object.fromEntries(header.map((name, i) => [name, row[i]])),
    ]),
  );

  return { result, header, rows, byId };
}

describe('export --format csv', () => {
  it('writes a header in the order of the API fields', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const { result, header, rows } = await exportCsv();

    expect(result.code).toBe(0);
    expect(header).toEqual([
      'id',
      'exp_type',
      'partnerorder_id',
      'price',
      'profit',
      'currency',
      'description',
      'city',
      'country_name_en',
      'country_iso_code',
      'status',
      'updated_at',
      'created_at',
      'start_at',
      'partner',
      'subpartner',
      'utm_content',
      'utm_source',
      'utm_term',
      'utm_medium',
      'utm_campaign',
    ]);
    expect(rows).toHaveLength(3);
  });

  it('quotes commas, quotes and line breaks', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const { result, byId } = await exportCsv();

    expect(result.stdout).toContain('"Wieliczka, ""salt"" mine\nday tour"');
    expect(byId.get('1')?.description).toBe('Wieliczka, "salt" mine\nday tour');
    expect(byId.get('1')?.country_iso_code).toBe('PL');
    expect(byId.get('1')?.utm_source).toBe('blog');
    expect(byId.get('1')?.start_at).toBe('');
  });

  it('prefixes cells that a spreadsheet would run', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const { byId } = await exportCsv();

    expect(byId.get('1')?.subpartner).toBe(
      '\'=HYPERLINK("http://attacker.example","click")',
    );
    expect(byId.get('2')?.subpartner).toBe("'@SUM(A1:A9)");
    expect(byId.get('2')?.description).toBe("'+7 (999) 000-00-00");
    expect(byId.get('3')?.description).toBe("'-plain minus");
  });

  it('writes money with its exact digits', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const { byId } = await exportCsv();

    expect(byId.get('1')?.profit).toBe('12345678901234567.89');
    expect(byId.get('1')?.price).toMatch(/^1234\.50?$/);
    expect(byId.get('2')?.profit).toBe('-5');
    expect(byId.get('2')?.price).toBe('');
  });

  it('filters by day and status', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const since = await exportCsv(['--since', '2024-02-01']);
    const paid = await exportCsv(['--status', 'paid']);

    expect([...since.byId.keys()].sort()).toEqual(['1', '2']);
    expect([...paid.byId.keys()].sort()).toEqual(['1', '3']);
  });

  it('prints no progress when standard error is not a terminal', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const quiet = await runCli(['export', '--format', 'csv'], {
      env: world.resources.env,
    });
    const withProgress = await runCli(['export', '--format', 'csv'], {
      env: world.resources.env,
      stderrIsTerminal: true,
    });

    expect(quiet.stderr).toBe('');
    expect(withProgress.stderr).toContain('Exported 3 orders');
  });

  it('waits for a slow reader instead of buffering', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(
      Array.from({ length: 60 }, (_, i) => ({ ...orders[2], id: 100 + i })),
    );
    const received: Buffer[] = [];
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk, _encoding, callback) {
        received.push(chunk);
        maxBuffered = Math.max(maxBuffered, this.writableLength);
        setTimeout(callback, 1);
      },
    });

    const result = await runCli(['export', '--format', 'csv'], {
      env: world.resources.env,
      stdout: slow,
    });

    expect(result.code).toBe(0);
    expect(Buffer.concat(received).toString().split('\r\n')).toHaveLength(62);
    expect(maxBuffered).toBeLessThan(64 + 400);
  });
});

describe('export --format jsonl', () => {
  it('writes every API field with exact numbers and no sync fields', async () => {
    world = await createWorld(moto, { simulator: { orders: [] } });
    await putOrders(orders);

    const result = await runCli(['export', '--format', 'jsonl'], {
      env: world.resources.env,
    });

    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const first = lines.find((line) => line.startsWith('{"id":1,')) ?? '';
    expect(lines[2]).toMatch(/^{"id":\d,"exp_type":/);
    expect(first).toContain('"profit":12345678901234567.89');
    expect(first).toContain('"extra_field":"kept in JSON lines"');
    expect(first).not.toContain('sync_');
  });
});

describe('export usage', () => {
  it.each([
    [['export'], '--format is missing'],
    [['export', '--format', 'xlsx'], '--format is invalid: "xlsx"'],
    [
      ['export', '--format', 'csv', '--since', '2024-02-30'],
      '--since is invalid: "2024-02-30"',
    ],
    [
      ['export', '--format', 'csv', '--since', '01.02.2024'],
      '--since is invalid: "01.02.2024"',
    ],
  ])('rejects %j', async (argv, message) => {
    const result = await runCli(argv, { env: {} });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
