import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readAppSettings } from '../../infra/context';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function settingsFor(context: Record<string, unknown>) {
  return readAppSettings(new App({ context }).node);
}

// Runs infra/app.ts as the CDK CLI does, with the given context.
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  try {
    return spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['infra/app.ts'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify(context),
        },
      },
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('app.ts', () => {
  it('explains a missing partnerId', () => {
    const result = runApp({});

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Missing CDK context value "partnerId"');
    expect(result.stderr).toContain(
      'npx cdk synth -c partnerId=<your partner id>',
    );
  });

  it('reports an invalid setting plainly', () => {
    const result = runApp({ partnerId: 'test', sourceTimeZone: 'Mars' });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('invalid sourceTimeZone: "Mars"');
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('readAppSettings', () => {
  it('applies defaults', () => {
    const settings = settingsFor({ partnerId: '12345' });

    expect(settings.stackName).toBe('TripsterOrderSync');
    expect(settings.stackProps.alarmEmail).toBeUndefined();
    expect(settings.stackProps.sync).toMatchObject({
      partnerId: '12345',
      schedule: undefined,
      overlapWindow: undefined,
      publishBackfillEvents: undefined,
    });
  });

  it('parses values given as strings', () => {
    const settings = settingsFor({
      partnerId: 'p',
      schedule: 'rate(30 minutes)',
      overlapMinutes: '10',
      publishBackfillEvents: 'TRUE',
      apiBase: 'https://example.com/api',
      sourceTimeZone: 'UTC',
      initialSyncStart: '2024-01-01',
      alarmEmail: 'ops@example.com',
      stackName: 'OrdersSync-Staging',
    });
    const sync = settings.stackProps.sync;

    expect(sync.schedule?.expressionString).toBe('rate(30 minutes)');
    expect(sync.overlapWindow?.toMinutes()).toBe(10);
    expect(sync.publishBackfillEvents).toBe(true);
    expect(sync.apiBase).toBe('https://example.com/api');
    expect(sync.sourceTimeZone).toBe('UTC');
    expect(sync.initialSyncStart).toBe('2024-01-01');
    expect(settings.stackProps.alarmEmail).toBe('ops@example.com');
    expect(settings.stackName).toBe('OrdersSync-Staging');
  });

  it('accepts JSON values from cdk.json', () => {
    const settings = settingsFor({
      partnerId: 12345,
      overlapMinutes: 0,
      publishBackfillEvents: false,
    });
    const sync = settings.stackProps.sync;

    expect(sync.partnerId).toBe('12345');
    expect(sync.overlapWindow?.toSeconds()).toBe(0);
    expect(sync.publishBackfillEvents).toBe(false);
  });

  it.each([
    ['publishBackfillEvents', 'yes'],
    ['overlapMinutes', 'five'],
    ['overlapMinutes', '-1'],
    ['overlapMinutes', '2.5'],
    ['alarmEmail', 'ops'],
    ['stackName', '1stack'],
    ['partnerId', ' '],
  ])('rejects %s=%s', (key, value) => {
    const context = { partnerId: 'p', [key]: value };

    expect(() => settingsFor(context)).toThrow(
      `Invalid CDK context value ${key}=`,
    );
  });

  it('rejects a bad schedule', () => {
    const context = { partnerId: 'p', schedule: 'every hour' };

    expect(() => settingsFor(context)).toThrow(/Invalid schedule "every hour"/);
  });
});
