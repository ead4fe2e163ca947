import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../lambda/handler';
import { logger } from '../../lambda/telemetry';
import { faults, generateOrders } from '../simulator';
import { type Moto, startMoto } from '../support/moto';
import {
  createWorld,
  PARTNER_ID,
  SECRET,
  useMoto,
  type World,
} from '../support/world';

let moto: Moto;
let world: World;
let output: string[];
const writes = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
};

beforeAll(async () => {
  moto = await startMoto();
  useMoto(moto);
  logger.setLogLevel('DEBUG');
});
afterAll(async () => {
  logger.setLogLevel('ERROR');
  await moto?.stop();
});
afterEach(async () => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
  await world?.stop();
});

/** Records everything the process prints from now until the test ends. */
function captureOutput(): void {
  output = [];
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
}

async function currentToken(world: World): Promise<string> {
  const response = await fetch(
    `${world.sim.apiBase}/auth/obtain_token/partner/`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ partner: PARTNER_ID, secret: SECRET }),
    },
  );
  return ((await response.json()) as { token: string }).token;
}

/** Runs the sync, collecting its error message too when it fails. */
async function runCapturingErrors(
  world: World,
  env: Record<string, string> = {},
) {
  try {
    const handler = createHandler(() => world.createApp(env));
    return JSON.stringify(
      await handler({}, { getRemainingTimeInMillis: () => 900_000 }),
    );
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return `${(error as Error).message} ${cause?.message ?? ''} ${(error as Error).stack}`;
  }
}

describe('secrets', () => {
  it.each([
    ['a clean run', () => undefined],
    [
      'retries',
      (w: World) => w.sim.injectFault({ ...faults.serverError(503), times: 2 }),
    ],
    [
      'a token refresh',
      (w: World) =>
        w.sim.onOrdersRequest(({ page }) => {
          if (page === 2) w.sim.revokeTokens();
        }),
    ],
    [
      'rejected credentials',
      (w: World) => w.sim.injectFault({ status: 401, body: '{}', times: 5 }),
    ],
    [
      'a hostile next link',
      (w: World) =>
        w.sim.injectFault(
          faults.page({
            count: 99,
            next: 'http://127.0.0.1:9/steal?x=1',
            previous: null,
            results: w.sim.orders().slice(0, 1),
          }),
        ),
    ],
    [
      'an error page echoing headers',
      (w: World) =>
        w.sim.injectFault({
          status: 500,
          body: `Authorization: Bearer ${'x'.repeat(40)}`,
          times: 10,
        }),
    ],
  ])('stay out of logs, errors and events after %s', async (_name, arrange) => {
    world = await createWorld(moto, {
      simulator: {
        orders: generateOrders({ count: 80, seed: 2, startId: 400_000 }),
      },
    });
    const token = await currentToken(world);
    arrange(world);
    captureOutput();

    const result = await runCapturingErrors(world, {
      PUBLISH_BACKFILL_EVENTS: 'true',
    });

    const events = (await world.events()).map((event) => event.raw);
    const everything = [...output, result, ...events].join('\n');
    expect(output.join('')).toContain('"level":"');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(token);
  });
});
