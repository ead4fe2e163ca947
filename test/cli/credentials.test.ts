import {
  DescribeParametersCommand,
  GetParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { motoClientConfig } from '../support/aws';
import { freePort, type Moto, startMoto } from '../support/moto';
import {
  createWorld,
  PARTNER_ID,
  SECRET,
  useMoto,
  type World,
} from '../support/world';
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

/** The credentials stored before the command ran, which the test replaces. */
const OLD = { partner: 'old-partner', secret: 'old-secret-value' };

async function storedCredentials(): Promise<unknown> {
  const ssm = new SSMClient(motoClientConfig(moto.endpoint));
  const output = await ssm.send(
    new GetParameterCommand({
      Name: world.resources.credentialsParameterName,
      WithDecryption: true,
    }),
  );

  return JSON.parse(output.Parameter?.Value ?? '');
}

async function describeParameter() {
  const ssm = new SSMClient(motoClientConfig(moto.endpoint));
  const output = await ssm.send(
    new DescribeParametersCommand({
      ParameterFilters: [
        {
          Key: 'Name',
          Values: [world.resources.credentialsParameterName],
        },
      ],
    }),
  );

  return output.Parameters?.[0];
}

describe('credentials set', () => {
  it('stores JSON from standard input after Tripster accepts it', async () => {
    world = await createWorld(moto, { credentials: OLD });

    const result = await runCli(['credentials', 'set'], {
      env: world.resources.env,
      input: JSON.stringify({ partner: PARTNER_ID, secret: SECRET }),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Tripster accepted the credentials of partner ${PARTNER_ID}`,
    );
    expect(await storedCredentials()).toEqual({
      partner: PARTNER_ID,
      secret: SECRET,
    });
    expect((await describeParameter())?.Type).toBe('SecureString');
    expect(world.sim.tokensIssued).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('reads two lines from standard input', async () => {
    world = await createWorld(moto, { credentials: OLD });

    const result = await runCli(['credentials', 'set'], {
      env: world.resources.env,
      input: `${PARTNER_ID}\n${SECRET}\n`,
    });

    expect(result.code).toBe(0);
    expect(await storedCredentials()).toEqual({
      partner: PARTNER_ID,
      secret: SECRET,
    });
  });

  it('encrypts with the key that --key-id names', async () => {
    world = await createWorld(moto, { credentials: OLD });

    const result = await runCli(
      ['credentials', 'set', '--key-id', 'alias/tripster-credentials'],
      {
        env: world.resources.env,
        input: JSON.stringify({ partner: PARTNER_ID, secret: SECRET }),
      },
    );

    expect(result.code).toBe(0);
    expect((await describeParameter())?.KeyId).toBe(
      'alias/tripster-credentials',
    );
  });

  it('stores nothing when Tripster rejects the secret', async () => {
    world = await createWorld(moto, { credentials: OLD });
    const wrong = 'wrong-secret-8d1e';

    const result = await runCli(['credentials', 'set'], {
      env: world.resources.env,
      input: JSON.stringify({ partner: PARTNER_ID, secret: wrong }),
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Tripster rejected the partner id and secret (HTTP 400 on the token exchange). Nothing was stored.',
    );
    expect(result.stdout + result.stderr).not.toContain(wrong);
    expect(await storedCredentials()).toEqual(OLD);
  });

  it('stores nothing when Tripster cannot be reached', async () => {
    world = await createWorld(moto, { credentials: OLD });
    const closed = `http://127.0.0.1:${await freePort()}/api`;

    const result = await runCli(['credentials', 'set', '--api-base', closed], {
      env: world.resources.env,
      input: JSON.stringify({ partner: PARTNER_ID, secret: SECRET }),
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not check the credentials');
    expect(result.stderr).toContain('Nothing was stored.');
    expect(await storedCredentials()).toEqual(OLD);
  });

  it('rejects a blank API base instead of the default', async () => {
    world = await createWorld(moto, { credentials: OLD });

    const result = await runCli(['credentials', 'set'], {
      env: { ...world.resources.env, TRIPSTER_API_BASE: ' ' },
      input: JSON.stringify({ partner: PARTNER_ID, secret: SECRET }),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'TRIPSTER_API_BASE is empty. Unset it to use https://experience.tripster.ru/api, or set it, or --api-base, to the API root.',
    );
    expect(await storedCredentials()).toEqual(OLD);
  });

  it('asks on a terminal without echoing the secret', async () => {
    world = await createWorld(moto, { credentials: OLD });

    const result = await runCli(['credentials', 'set'], {
      env: { ...world.resources.env, TRIPSTER_PARTNER_ID: PARTNER_ID },
      typed: ['', SECRET],
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Partner id [${PARTNER_ID}]: `);
    expect(result.stderr).toContain('Secret (not shown): ');
    expect(result.stderr).not.toContain(SECRET);
    expect(await storedCredentials()).toEqual({
      partner: PARTNER_ID,
      secret: SECRET,
    });
  });

  it('rejects input it cannot read without printing it', async () => {
    world = await createWorld(moto, { credentials: OLD });
    const input = '{"partner": "p", "secret": "leaky-s3cret"';

    const result = await runCli(['credentials', 'set'], {
      env: world.resources.env,
      input,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('It is not valid JSON');
    expect(result.stderr).not.toContain('leaky-s3cret');
    expect(await storedCredentials()).toEqual(OLD);
  });

  it.each([
    ['one line', 'only-a-partner\n'],
    ['an empty secret', JSON.stringify({ partner: 'p', secret: ' ' })],
    ['a missing secret', JSON.stringify({ partner: 'p' })],
  ])('rejects %s', async (_case, input) => {
    world = await createWorld(moto, { credentials: OLD });

    const result = await runCli(['credentials', 'set'], {
      env: world.resources.env,
      input,
    });

    expect(result.code).toBe(2);
    expect(await storedCredentials()).toEqual(OLD);
  });
});
