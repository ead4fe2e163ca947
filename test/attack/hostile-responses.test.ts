import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS } from '../../lambda/order-record';
import { logger } from '../../lambda/telemetry';
import { hasLoneSurrogate } from '../../lambda/text';
import { type ApiOrder, type Fault, generateOrders } from '../simulator';
import { formatInTimeZone } from '../simulator/clock';
import { postToken } from '../simulator/test-client';
import { scanTable } from '../support/aws';
import { LeakWatch } from '../support/leak-watch';
import { type Moto, startMoto } from '../support/moto';
import { enforceSnsSizeLimits } from '../support/sns-limits';
import { type SpyServer, startSpyServer } from '../support/spy-server';
import {
  apiFields,
  byId,
  createWorld,
  PARTNER_ID,
  SECRET,
  useMoto,
  type World,
} from '../support/world';

let moto: Moto;
let spy: SpyServer;

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
  spy = await startSpyServer();
  logger.setLogLevel('DEBUG');
});
afterAll(async () => {
  logger.setLogLevel('ERROR');
  await spy?.stop();
  await moto?.stop();
});
afterEach(() => {
  spy.requests.length = 0;
});

const JSON_TYPE = { 'content-type': 'application/json' };
const TIMEOUT_MS = 20_000;

/** Orders last changed an hour ago, so an incremental pass starts empty. */
function quietOrders(count: number, seed: number): ApiOrder[] {
  const hourAgo = Date.now() - 3_600_000;
  return generateOrders({
    count,
    seed,
    startId: 60_000 + seed * 100,
    from: formatInTimeZone(hourAgo - 30 * 86_400_000, 'Europe/Moscow'),
    to: formatInTimeZone(hourAgo, 'Europe/Moscow'),
  });
}

/** What a hostile case can use to build its responses. */
interface Source {
  readonly world: World;
  /** The token the source hands out, which the sync also receives. */
  readonly token: string;
  /** The five orders changed before the hostile run, as the source has them. */
  readonly changed: readonly ApiOrder[];
  readonly sim: string;
  /** Path of the orders endpoint. */
  readonly path: string;
  /** Query of page 2 of the incremental pass. */
  readonly query: string;
  readonly spy: string;
}

type Expected =
  | { readonly error: RegExp }
  | { readonly setAside: number }
  | { readonly drifted: true }
  | { readonly stored: true };

type Arrange = (source: Source) => void;

/**
 * Syncs once, changes five orders (three pages of two), lets `arrange`
 * make the source hostile and runs again. A page failure must end the run
 * with the expected error and leave the checkpoint as it was; a bad record
 * must be set aside. Nothing may reach the spy server or leave 127.0.0.1.
 * After the source recovers, one more run must leave the table equal to
 * the source with every change published, and no output, error or event
 * may carry the secret or the token.
 */
async function expectContained(
  arrange: Arrange,
  expected: Expected,
): Promise<void> {
  const world = await createWorld(moto, {
    simulator: { orders: quietOrders(8, 1), pageSize: 2 },
  });
  const watch = new LeakWatch(world);
  const env = { MAX_ATTEMPTS: '2' };
  await watch.run({ env });
  const before = await world.checkpoint();
  const changed = world.sim
    .orders()
    .slice(0, 5)
    .map((order) =>
      world.sim.setStatus(
        order.id,
        order.status === 'cancelled' ? 'paid' : 'cancelled',
      ),
    );
  const since = minusOverlap(before.feeds.updated_after?.cursor ?? '');
  arrange({
    world,
    token: await issuedToken(world),
    changed,
    sim: world.sim.origin,
    path: `/api/partners/${PARTNER_ID}/experienceorders/`,
    query: `?format=json&page=2&updated_after=${encodeURIComponent(since)}`,
    spy: spy.origin,
  });

  const hostile = await watch.run({ env });

  const checkpoint = await world.checkpoint();
  if ('error' in expected) {
    expect(hostile.error?.message).toMatch(expected.error);
  } else {
    expect(hostile.error).toBeUndefined();
  }
  if ('error' in expected || 'drifted' in expected) {
    expect(checkpoint.feeds.updated_after).toEqual(before.feeds.updated_after);
  }
  const rejects = await scanTable(
    moto.endpoint,
    world.resources.rejectsTableName,
  );
  expect(rejects).toHaveLength('setAside' in expected ? expected.setAside : 0);
  for (const reject of rejects) {
    expect(reject.reason).toBeTypeOf('string');
    expect(hasLoneSurrogate(String(reject.raw))).toBe(false);
  }
  expect(spy.requests).toEqual([]);
  expect(hostile.tap.blocked).toEqual([]);
  world.sim.clearFaults();
  const recovered = await watch.run({ env });
  expect(recovered.error).toBeUndefined();
  expect(byId(await world.orders()).map(apiFields)).toEqual(
    byId(world.sim.orders()),
  );
  for (const order of changed) {
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

/** Returns the partner's token; the source hands the sync the same one. */
async function issuedToken(world: World): Promise<string> {
  const response = await postToken(world.sim, {
    partner: PARTNER_ID,
    secret: SECRET,
  });
  const { token } = (await response.json()) as { token?: unknown };
  if (typeof token !== 'string') throw new Error('no token issued');

  return token;
}

function minusOverlap(cursor: string): string {
  const ms = Date.parse(`${cursor.replace(' ', 'T')}Z`) - 300_000;

  return new Date(ms).toISOString().slice(0, 19);
}

function page(results: unknown[], next: unknown = null, count: unknown = 5) {
  return JSON.stringify({ count, next, previous: null, results });
}

/**
 * Serves `body` for page `number` of the orders list, `times` requests
 * long: enough for every attempt of a page that is retried, or once for
 * a page that the sync takes, so the schedule feed gets real pages.
 */
function onPage(
  world: World,
  number: number,
  body: string | Buffer,
  headers: Record<string, string> = JSON_TYPE,
  times = 20,
): void {
  const fault: Fault = { status: 200, headers, body, page: number, times };
  world.sim.injectFault(fault);
}

/** Replaces page 2 with `body`, so page 1 is stored before it fails. */
const pageTwo =
  (
    body: (source: Source) => string | Buffer,
    headers: Record<string, string> = JSON_TYPE,
  ): Arrange =>
  (source) =>
    onPage(source.world, 2, body(source), headers);

const secondPage = (source: Source) =>
  page(
    source.changed.slice(2, 4),
    `${source.sim}${source.path}${source.query.replace('page=2', 'page=3')}`,
  );

describe('content type of a 200', () => {
  it.each([
    ['text/html', 'text/html; charset=utf-8'],
    ['text/plain', 'text/plain'],
    ['none', undefined],
    ['an empty one', ''],
    ['application/xml', 'application/xml'],
    ['text/xml', 'text/xml'],
    ['application/javascript', 'application/javascript'],
    ['application/octet-stream', 'application/octet-stream'],
    ['text/json', 'text/json'],
    ['application/jsonp', 'application/jsonp'],
    ['multipart/form-data', 'multipart/form-data'],
    ['json only as a parameter', 'text/html; x=application/json'],
  ])(
    '%s fails the page',
    async (_name, type) => {
      const headers: Record<string, string> =
        type === undefined ? {} : { 'content-type': type };
      await expectContained(pageTwo(secondPage, headers), {
        error: /content type/,
      });
    },
    TIMEOUT_MS,
  );
});

/** Cuts a valid page body at `at` characters, negative from the end. */
const cut = (at: number) => (source: Source) => {
  const body = secondPage(source);
  return body.slice(0, at < 0 ? body.length + at : at);
};
const cutAfter = (text: string) => (source: Source) => {
  const body = secondPage(source);
  return body.slice(0, body.indexOf(text) + text.length);
};
const changedBody = (change: (body: string) => string) => (source: Source) =>
  change(secondPage(source));

describe('body that is not a JSON page', () => {
  it.each([
    ['cut after 1 character', cut(1)],
    ['cut after 2 characters', cut(2)],
    ['cut after 10 characters', cut(10)],
    ['cut at a quarter', (s: Source) => cut(secondPage(s).length / 4)(s)],
    ['cut at half', (s: Source) => cut(secondPage(s).length / 2)(s)],
    [
      'cut at three quarters',
      (s: Source) => cut((secondPage(s).length * 3) / 4)(s),
    ],
    ['cut 2 characters short', cut(-2)],
    ['cut 1 character short', cut(-1)],
    ['cut after the results bracket', cutAfter('"results":[')],
    ['cut inside a string', cutAfter('"description":"')],
    ['cut inside a number', cutAfter('"count":')],
    [
      'cut inside an escape',
      () => '{"count":1,"next":null,"results":[{"d":"\\u04',
    ],
    ['with a byte order mark', changedBody((b) => `\uFEFF${b}`)],
    ['with NaN', changedBody((b) => b.replace('"count":5', '"count":NaN'))],
    [
      'with Infinity',
      changedBody((b) => b.replace('"count":5', '"count":Infinity')),
    ],
    ['with trailing garbage', changedBody((b) => `${b}x`)],
    ['with a second object', changedBody((b) => `${b} {}`)],
    ['with an extra brace', changedBody((b) => `${b}}`)],
    ['with a trailing NUL', changedBody((b) => `${b}\u0000`)],
    ['in single quotes', changedBody((b) => b.replaceAll('"', "'"))],
    ['with a comment', changedBody((b) => `// page\n${b}`)],
    ['with a trailing comma', changedBody((b) => b.replace(/\]\}$/, ',]}'))],
    ['with a duplicate key', changedBody((b) => `{"count":7,${b.slice(1)}`)],
    ['empty', () => ''],
    ['only spaces', () => '   '],
    ['null', () => 'null'],
    ['an array', () => '[]'],
    ['a string', () => '"orders"'],
    ['a number', () => '42'],
    ['true', () => 'true'],
    ['an HTML page', () => '<!DOCTYPE html><html><body>orders</body></html>'],
    [
      'invalid UTF-8',
      (s: Source) => {
        const body = Buffer.from(secondPage(s));
        body[body.indexOf('"description":"') + 16] = 0xff;
        return body;
      },
    ],
    [
      'cut inside a UTF-8 sequence',
      (s: Source) => {
        const body = Buffer.from(secondPage(s));
        return body.subarray(0, body.indexOf(Buffer.from('д')) + 1);
      },
    ],
  ] as [string, (source: Source) => string | Buffer][])(
    '%s fails the page',
    async (_name, body) => {
      await expectContained(pageTwo(body), {
        error: /not valid JSON|not a JSON object|UTF-8/,
      });
    },
    TIMEOUT_MS,
  );
});

const shaped = (shape: (source: Source) => Record<string, unknown>) =>
  pageTwo((source) => JSON.stringify(shape(source)));
const withField = (name: string, value: unknown) =>
  shaped((source) => ({ ...JSON.parse(secondPage(source)), [name]: value }));
const without = (name: string) =>
  shaped((source) => {
    const { [name]: _dropped, ...rest } = JSON.parse(secondPage(source));
    return rest;
  });

describe('page of the wrong shape', () => {
  it.each([
    ['no count', without('count'), /count/],
    ['no next', without('next'), /next/],
    ['no results', without('results'), /results/],
    ['count as text', withField('count', '5'), /count/],
    ['count as a fraction', withField('count', 5.5), /count/],
    ['count null', withField('count', null), /count/],
    ['count true', withField('count', true), /count/],
    ['count a list', withField('count', [5]), /count/],
    ['count an object', withField('count', { n: 5 }), /count/],
    ['count -1', withField('count', -1), /count/],
    [
      'count past 2^53',
      pageTwo((s) =>
        secondPage(s).replace('"count":5', '"count":9007199254740993'),
      ),
      /count/,
    ],
    [
      'count 1e400',
      pageTwo((s) => secondPage(s).replace('"count":5', '"count":1e400')),
      /count/,
    ],
    ['next a number', withField('next', 3), /next/],
    ['next an object', withField('next', { page: 3 }), /next/],
    ['next a list', withField('next', ['x']), /next/],
    ['next true', withField('next', true), /next/],
    ['results an object', withField('results', { 0: {} }), /results/],
    ['results text', withField('results', 'none'), /results/],
    ['results null', withField('results', null), /results/],
    ['results a number', withField('results', 2), /results/],
    ['more results than count', withField('count', 1), /results/],
    ['no results but a next link', withField('results', []), /empty/],
  ] as [string, Arrange, RegExp][])(
    '%s fails the page',
    async (_name, arrange, error) => {
      await expectContained(arrange, { error });
    },
    TIMEOUT_MS,
  );

  it.each([
    ['an unknown field', withField('total_pages', 3)],
    ['previous a number', withField('previous', 7)],
  ] as [string, Arrange][])(
    '%s is ignored',
    async (_name, arrange) => {
      await expectContained(arrange, { stored: true });
    },
    TIMEOUT_MS,
  );

  it.each([
    ['a count that grew', withField('count', 9)],
    ['a count that shrank', withField('count', 4)],
  ] as [string, Arrange][])(
    '%s keeps the cursor',
    async (_name, arrange) => {
      await expectContained(arrange, { drifted: true });
    },
    TIMEOUT_MS,
  );
});

/** Serves page 1 with two real orders and `next` set to `link`. */
const linkTo =
  (link: (source: Source) => string): Arrange =>
  (source) =>
    onPage(
      source.world,
      1,
      page(source.changed.slice(0, 2), link(source)),
      JSON_TYPE,
      1,
    );

const spyPort = (s: Source) => new URL(s.spy).port;
const simPort = (s: Source) => new URL(s.sim).port;
const pathAndQuery = (s: Source) => `${s.path}${s.query}`;

describe('next link off the orders endpoint', () => {
  const links: [string, (s: Source) => string][] = [
    ['another port', (s) => `${s.spy}${pathAndQuery(s)}`],
    ['localhost', (s) => `http://localhost:${simPort(s)}${pathAndQuery(s)}`],
    [
      'another loopback address',
      (s) => `http://127.0.0.2:${simPort(s)}${pathAndQuery(s)}`,
    ],
    ['another host', (s) => `http://example.com${pathAndQuery(s)}`],
    ['the default port', (s) => `http://127.0.0.1${pathAndQuery(s)}`],
    [
      'a user and password',
      (s) => `http://user:pass@127.0.0.1:${simPort(s)}${pathAndQuery(s)}`,
    ],
    [
      'a user that looks like the host',
      (s) =>
        `http://127.0.0.1:${simPort(s)}@127.0.0.1:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    [
      'a fragment that looks like the host',
      (s) => `${s.spy}#@127.0.0.1:${simPort(s)}${pathAndQuery(s)}`,
    ],
    ['ftp', (s) => `ftp://127.0.0.1:${simPort(s)}${pathAndQuery(s)}`],
    ['https', (s) => `https://127.0.0.1:${simPort(s)}${pathAndQuery(s)}`],
    ['ws', (s) => `ws://127.0.0.1:${simPort(s)}${pathAndQuery(s)}`],
    ['javascript', () => 'javascript:alert(document.cookie)'],
    [
      'data',
      () => 'data:application/json,{"count":0,"next":null,"results":[]}',
    ],
    ['file', () => 'file:///etc/passwd'],
    ['blob', (s) => `blob:${s.sim}/orders`],
    [
      'a protocol-relative spy',
      (s) => `//127.0.0.1:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    ['backslashes', (s) => `http:\\\\127.0.0.1:${spyPort(s)}\\api\\partners`],
    [
      'leading backslashes',
      (s) => `\\\\127.0.0.1:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    [
      'a slash and a backslash',
      (s) => `/\\127.0.0.1:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    [
      'a percent-encoded host',
      (s) => `http://%31%32%37.0.0.1:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    [
      'a decimal host',
      (s) => `http://2130706433:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    ['a hex host', (s) => `http://0x7f.0.0.1:${spyPort(s)}${pathAndQuery(s)}`],
    [
      'an octal host',
      (s) => `http://0177.0.0.1:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    ['an IPv6 loopback', (s) => `http://[::1]:${simPort(s)}${pathAndQuery(s)}`],
    [
      'an IPv4-mapped IPv6 host',
      (s) => `http://[::ffff:127.0.0.1]:${spyPort(s)}${pathAndQuery(s)}`,
    ],
    [
      'a host with a port suffix',
      (s) => `http://127.0.0.1:${simPort(s)}.example${pathAndQuery(s)}`,
    ],
    [
      'a dot segment to the token endpoint',
      (s) => `${s.sim}${s.path}../../../auth/obtain_token/partner/${s.query}`,
    ],
    [
      'encoded dot segments',
      (s) => `${s.sim}${s.path}%2e%2e/%2e%2e/other/experienceorders/${s.query}`,
    ],
    ['an encoded slash', (s) => `${s.sim}${s.path}..%2f..%2fother/${s.query}`],
    [
      'another partner',
      (s) => `${s.sim}/api/partners/other/experienceorders/${s.query}`,
    ],
    ['the token endpoint', (s) => `${s.sim}/api/auth/obtain_token/partner/`],
    ['a longer path', (s) => `${s.sim}${s.path}extra/${s.query}`],
    [
      'a path without its slash',
      (s) => `${s.sim}${s.path.slice(0, -1)}${s.query}`,
    ],
    [
      'another filter value',
      (s) =>
        `${s.sim}${s.path}?format=json&page=2&updated_after=2010-01-01T00%3A00%3A00`,
    ],
    ['no filter', (s) => `${s.sim}${s.path}?format=json&page=2`],
    [
      'the filter twice',
      (s) => `${s.sim}${pathAndQuery(s)}&updated_after=2010-01-01`,
    ],
    [
      'the other feed filter',
      (s) =>
        `${s.sim}${s.path}${s.query.replace('updated_after', 'schedule_updated_after')}`,
    ],
    ['an empty link', () => ''],
    ['a bare scheme', () => 'http://'],
    ['an open bracket', () => 'http://['],
  ];

  it.each(links)(
    'to %s is never followed',
    async (_name, link) => {
      await expectContained(linkTo(link), {
        error: /next link|not a URL/,
      });
    },
    TIMEOUT_MS,
  );
});

describe('next link on the orders endpoint', () => {
  it.each([
    ['spaces around it', (s: Source) => `  ${s.sim}${pathAndQuery(s)}  `],
    ['a relative link', (s: Source) => pathAndQuery(s)],
    ['only a query', (s: Source) => s.query],

    [
      '5,000 characters',
      (s: Source) => `${s.sim}${pathAndQuery(s)}&pad=${'x'.repeat(5000)}`,
    ],
  ])(
    'with %s is followed',
    async (_name, link) => {
      await expectContained(linkTo(link), { stored: true });
    },
    TIMEOUT_MS,
  );
});

describe('next links that loop', () => {
  const firstPage = (s: Source) =>
    `${s.sim}${s.path}?format=json&updated_after=${s.query.split('updated_after=')[1]}`;
  const pageLink = (s: Source, number: string) =>
    `${s.sim}${pathAndQuery(s).replace('page=2', `page=${number}`)}`;
  const chain =
    (...hops: ((s: Source) => string)[]): Arrange =>
    (source) => {
      hops.forEach((hop, index) => {
        const results = source.changed.slice(index, index + 1);
        // Twice, so a link that comes back to a page finds it again.
        const body = page(results, hop(source));
        onPage(source.world, index + 1, body, JSON_TYPE, 2);
      });
    };

  it.each([
    ['back to the first page', chain(firstPage)],
    [
      'to itself',
      chain(
        (s) => pageLink(s, '2'),
        (s) => pageLink(s, '2'),
      ),
    ],
    [
      'between two pages',
      chain(
        (s) => pageLink(s, '2'),
        (s) => pageLink(s, '3'),
        (s) => pageLink(s, '2'),
      ),
    ],
    [
      'through another spelling',
      chain(
        (s) => pageLink(s, '2'),
        (s) => pageLink(s, '02'),
      ),
    ],
  ] as [string, Arrange][])(
    '%s fails the pass',
    async (_name, arrange) => {
      await expectContained(arrange, { error: /loops back|ran past/ });
    },
    TIMEOUT_MS,
  );
});

describe('oversized response', () => {
  const OVER_CAP = 17 * 1024 * 1024;
  const huge = (source: Source) =>
    secondPage(source).replace(
      '"results":[',
      `"padding":"${'x'.repeat(OVER_CAP)}","results":[`,
    );

  it.each([
    ['with its length declared', (s: Source) => huge(s), true],
    ['without a declared length', (s: Source) => huge(s), false],
  ] as const)(
    '%s fails the page',
    async (_name, body, declared) => {
      const arrange: Arrange = (source) => {
        const text = body(source);
        const headers: Record<string, string> = declared
          ? { ...JSON_TYPE, 'content-length': String(Buffer.byteLength(text)) }
          : JSON_TYPE;
        onPage(source.world, 2, text, headers);
      };
      await expectContained(arrange, { error: /exceeds/ });
    },
    TIMEOUT_MS,
  );

  it(
    'with a declared length past the cap fails the page',
    async () => {
      const arrange: Arrange = (source) => {
        const fault: Fault = {
          status: 200,
          headers: { ...JSON_TYPE, 'content-length': String(OVER_CAP) },
          body: 'x'.repeat(OVER_CAP),
          page: 2,
          times: 20,
        };
        source.world.sim.injectFault(fault);
      };
      await expectContained(arrange, { error: /exceeds/ });
    },
    TIMEOUT_MS,
  );
});

/** A record for an order the source does not have, from a real one. */
const stray = (source: Source, changes: Record<string, unknown>) => ({
  ...source.changed[4],
  id: 990_001,
  ...changes,
});

describe('record of the wrong type or value', () => {
  const records: [string, (s: Source) => unknown][] = [
    ['id as text', (s) => stray(s, { id: '990001' })],
    ['a fractional id', (s) => stray(s, { id: 990_001.5 })],
    ['a negative id', (s) => stray(s, { id: -5 })],
    ['id 0', (s) => stray(s, { id: 0 })],
    ['an id past 2^53', (s) => stray(s, { id: 2 ** 54 })],
    ['id null', (s) => stray(s, { id: null })],
    [
      'no id',
      (s) => {
        const { id: _id, ...rest } = stray(s, {});
        return rest;
      },
    ],
    ['id true', (s) => stray(s, { id: true })],
    ['a numeric status', (s) => stray(s, { status: 5 })],
    ['an empty status', (s) => stray(s, { status: '' })],
    ['a status with spaces', (s) => stray(s, { status: 'not paid' })],
    ['a status of 65 letters', (s) => stray(s, { status: 'p'.repeat(65) })],
    ['status null', (s) => stray(s, { status: null })],
    ['a numeric updated_at', (s) => stray(s, { updated_at: 1_561_011_370 })],
    [
      'an updated_at with T',
      (s) => stray(s, { updated_at: '2026-01-01T10:00:00' }),
    ],
    [
      'an updated_at without seconds',
      (s) => stray(s, { updated_at: '2026-01-01 10:00' }),
    ],
    [
      'an updated_at on 30 February',
      (s) => stray(s, { updated_at: '2026-02-30 10:00:00' }),
    ],
    [
      'an updated_at with an offset',
      (s) => stray(s, { updated_at: '2026-01-01 10:00:00+03:00' }),
    ],
    ['an empty updated_at', (s) => stray(s, { updated_at: '' })],
    ['a null record', () => null],
    ['a list record', () => []],
    ['a text record', () => 'order'],
    ['a number record', () => 42],
    [
      'a field named sync_content_hash',
      (s) => stray(s, { sync_content_hash: 'x' }),
    ],
    [
      'a field named sync_pending_events',
      (s) => stray(s, { sync_pending_events: [] }),
    ],
    ['an empty field name', (s) => stray(s, { '': 1 })],
    ['nesting 40 levels deep', (s) => stray(s, { utm_marks: nested(40) })],
    [
      'a record of 70,000 characters',
      (s) => stray(s, { description: 'a'.repeat(70_000) }),
    ],
    ['a lone high surrogate', (s) => stray(s, { description: 'Krak\uD800w' })],
    ['a lone low surrogate', (s) => stray(s, { subpartner: '\uDC00x' })],
    ['a lone surrogate in a field name', (s) => stray(s, { 'x\uD800': 1 })],
  ];

  it.each(records)(
    'with %s is set aside',
    async (_name, record) => {
      const arrange = pageTwo((s) =>
        page(
          [...s.changed.slice(2, 4), record(s)],
          JSON.parse(secondPage(s)).next,
        ),
      );
      await expectContained(arrange, { setAside: 1 });
    },
    TIMEOUT_MS,
  );

  it(
    'with a number past DynamoDB is set aside',
    async () => {
      const arrange = pageTwo((s) =>
        page(
          [...s.changed.slice(2, 4), stray(s, { price: 'HUGE' })],
          JSON.parse(secondPage(s)).next,
        ).replace('"HUGE"', '1e400'),
      );
      await expectContained(arrange, { setAside: 1 });
    },
    TIMEOUT_MS,
  );

  it.each([
    ['price as text', { price: 'free' }],
    ['country as text', { country: 'Poland' }],
    ['utm_marks null', { utm_marks: null }],
    ['start_at as a number', { start_at: 5 }],
    ['an unknown status', { status: 'refunded' }],
  ])(
    'with %s is kept',
    async (_name, changes) => {
      await expectContained(
        alteredOrder((order) => ({ ...order, ...changes })),
        { stored: true },
      );
    },
    TIMEOUT_MS,
  );
});

function nested(depth: number): unknown {
  return depth === 0 ? 'bottom' : { inner: nested(depth - 1) };
}

describe('same order twice in one pass', () => {
  const twice =
    (change: (order: ApiOrder) => ApiOrder, samePage = false): Arrange =>
    (source) => {
      const first = source.changed[0] as ApiOrder;
      const copy = change(first);
      const results = samePage
        ? [...source.changed.slice(2, 4), copy]
        : [copy, ...source.changed.slice(3, 4)];
      onPage(
        source.world,
        2,
        page(results, JSON.parse(secondPage(source)).next),
      );
    };

  it.each([
    ['unchanged', twice((o) => o)],
    ['with another status', twice((o) => ({ ...o, status: 'confirmation' }))],
    [
      'with an older updated_at',
      twice((o) => ({
        ...o,
        status: 'processing',
        updated_at: '2020-01-01 00:00:00',
      })),
    ],
    [
      'with another start_at',
      twice((o) => ({ ...o, start_at: '2031-01-01 10:00:00' })),
    ],
    ['on one page', twice((o) => ({ ...o, status: 'confirmation' }), true)],
  ] as [string, Arrange][])(
    '%s keeps the cursor',
    async (_name, arrange) => {
      await expectContained(arrange, { drifted: true });
    },
    TIMEOUT_MS,
  );
});

/** Serves the changed orders with one of them altered, on one page. */
const alteredOrder =
  (change: (order: ApiOrder) => Record<string, unknown>): Arrange =>
  (source) => {
    const [first, ...rest] = source.changed as ApiOrder[];
    const body = page([change(first as ApiOrder), ...rest], null);
    onPage(source.world, 1, body, JSON_TYPE, 1);
  };

describe('extreme strings', () => {
  const strings: [string, Record<string, unknown>][] = [
    ['a description of 60,000 characters', { description: 'я'.repeat(60_000) }],
    [
      'control characters',
      { description: 'a\u0001b\u0007c\u001bd\u001fe\u007f' },
    ],
    ['NUL in subpartner', { subpartner: 'click\u0000id' }],
    ['right-to-left marks', { subpartner: '\u200fabc\u202edcba\u202c' }],
    ['emoji in subpartner', { subpartner: '👍🏽🇷🇺👨‍👩‍👧' }],
    ['256 emoji in subpartner', { subpartner: '😀'.repeat(256) }],
    ['noncharacters in subpartner', { subpartner: 'a\uFFFEb\uFFFF' }],
    ['a subpartner of 1,000 characters', { subpartner: 'x'.repeat(1000) }],
    ['combining marks', { description: 'e\u0301\u0308\u0323'.repeat(100) }],
    ['markup and quotes', { description: '</script><b>"\'\\`{{x}}%s' }],
    ['an emoji field name', { '🙂': 'smile' }],
    ['a field name of 10,000 characters', { ['k'.repeat(10_000)]: 1 }],
    ['a line break in partner', { partner: 'some\npartner' }],
  ];

  it.each(strings)(
    '%s are stored as sent',
    async (_name, changes) => {
      await expectContained(
        alteredOrder((order) => ({ ...order, ...changes })),
        { stored: true },
      );
    },
    TIMEOUT_MS,
  );

  it.each([0, 1, 2, 3])(
    'a cut raw record stays valid Unicode (shift %i)',
    async (shift) => {
      const description = `${'a'.repeat(shift)}${'😀'.repeat(40_000)}`;
      await expectContained(
        alteredOrder((order) => ({ ...order, description })),
        { setAside: 1 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'events of large records fit in SNS batches',
    async () => {
      const restore = enforceSnsSizeLimits();
      try {
        await expectContained(
          (source) => {
            const orders = source.changed.map((order) => ({
              ...order,
              description: '漢'.repeat(20_000),
            }));
            onPage(source.world, 1, page(orders, null), JSON_TYPE, 1);
          },
          { stored: true },
        );
      } finally {
        restore();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'a record just under the size limit is stored',
    async () => {
      const restore = enforceSnsSizeLimits();
      try {
        await expectContained(
          alteredOrder((order) => {
            const filler = MAX_RECORD_CHARS - JSON.stringify(order).length - 50;
            return { ...order, description: '漢'.repeat(filler) };
          }),
          { stored: true },
        );
      } finally {
        restore();
      }
    },
    TIMEOUT_MS,
  );
});

/** Page 1 whose text repeats a credential where `place` puts it. */
const echo =
  (place: (source: Source, secret: string) => string): Arrange =>
  (source) => {
    const [first, ...rest] = source.changed as ApiOrder[];
    const body = place(source, source.token);
    onPage(source.world, 1, body || page([first, ...rest]), JSON_TYPE, 20);
  };
const echoSecret =
  (place: (source: Source, secret: string) => string): Arrange =>
  (source) =>
    onPage(source.world, 1, place(source, SECRET), JSON_TYPE, 20);
const recordWith = (
  source: Source,
  changes: Record<string, unknown>,
): string => {
  const [first, ...rest] = source.changed as ApiOrder[];
  return page([{ ...first, ...changes }, ...rest]);
};

describe('credentials repeated by the source', () => {
  const places: [string, (s: Source, secret: string) => string][] = [
    [
      'a next link path to the spy',
      (s, t) => page(s.changed.slice(0, 2), `${s.spy}/steal/${t}`),
    ],
    [
      'a next link host',
      (s, t) =>
        page(s.changed.slice(0, 2), `http://${t}.example${pathAndQuery(s)}`),
    ],
    [
      'a next link user',
      (s, t) =>
        page(s.changed.slice(0, 2), `http://${t}@127.0.0.1:${spyPort(s)}/`),
    ],
    [
      'a next link query on the API',
      (s, t) =>
        page(s.changed.slice(0, 2), `${s.sim}${pathAndQuery(s)}&t=${t}`),
    ],
    [
      'a previous link',
      (s, t) =>
        JSON.stringify({
          ...JSON.parse(page([...s.changed])),
          previous: `${s.sim}/?t=${t}`,
        }),
    ],
    [
      'an extra page field',
      (s, t) =>
        JSON.stringify({
          ...JSON.parse(page([...s.changed])),
          debug: { auth: `Bearer ${t}` },
        }),
    ],
    ['a subpartner', (s, t) => recordWith(s, { subpartner: t })],
    ['a status', (s, t) => recordWith(s, { status: t })],
    ['a field name', (s, t) => recordWith(s, { [t]: 'x\uD800' })],
    ['a description', (s, t) => recordWith(s, { description: `Bearer ${t}` })],
    [
      'an escaped string',
      (s, t) =>
        recordWith(s, { description: t }).replace(
          t,
          [...t]
            .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
            .join(''),
        ),
    ],
  ];

  it.each(places)(
    'in %s fails the page',
    async (_name, place) => {
      await expectContained(echo(place), { error: /repeats the API token/ });
    },
    TIMEOUT_MS,
  );

  it.each(places.filter(([name]) => name !== 'a status'))(
    'as the secret in %s fails the page',
    async (_name, place) => {
      await expectContained(echoSecret(place), {
        error: /repeats the API token or secret/,
      });
    },
    TIMEOUT_MS,
  );

  it(
    'in a content type header fails the page',
    async () => {
      await expectContained(
        (source) =>
          onPage(source.world, 2, secondPage(source), {
            'content-type': `text/html; token=${source.token}`,
          }),
        { error: /repeats the API token/ },
      );
    },
    TIMEOUT_MS,
  );
});
