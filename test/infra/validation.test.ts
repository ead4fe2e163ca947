import { App, Duration, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { TripsterOrderSync } from '../../infra/order-sync';
import type { TripsterOrderSyncProps } from '../../infra/order-sync-props';
import { FIXTURE_ENTRY } from './synth';

// Validation runs before any resource is created, so nothing is bundled.
function construct(props: Partial<TripsterOrderSyncProps>): void {
  const stack = new Stack(new App(), 'ValidationStack');
  new TripsterOrderSync(stack, 'OrderSync', {
    partnerId: 'test-partner',
    entry: FIXTURE_ENTRY,
    ...props,
  });
}

describe('prop validation', () => {
  it('rejects a timeout as long as the schedule', () => {
    const props = { timeout: Duration.minutes(15) };

    expect(() => construct(props)).toThrow(
      'invalid timeout: 15 minutes must be shorter than the schedule ' +
        'interval (15 minutes)',
    );
  });

  it('rejects a timeout within the stop margin', () => {
    const props = { timeout: Duration.seconds(60) };

    expect(() => construct(props)).toThrow(
      /invalid timeout: .* must be longer than stopMargin/,
    );
  });

  it('checks the timeout against a custom rate', () => {
    const props = {
      schedule: Schedule.rate(Duration.minutes(5)),
      timeout: Duration.minutes(6),
    };

    expect(() => construct(props)).toThrow(/invalid timeout/);
  });

  it('names the construct path', () => {
    const props = { timeout: Duration.minutes(20) };

    expect(() => construct(props)).toThrow(/^ValidationStack\/OrderSync: /);
  });

  it.each([
    ['a lag below twice the interval', Duration.minutes(20)],
    ['a lag over seven days', Duration.days(8)],
    ['a lag in seconds', Duration.seconds(3630)],
  ])('rejects %s', (_title, maxCheckpointLag) => {
    expect(() => construct({ maxCheckpointLag })).toThrow(
      /invalid maxCheckpointLag/,
    );
  });

  it.each([
    ['partnerId', { partnerId: 'a/b' }],
    ['partnerId', { partnerId: '' }],
    ['apiBase', { apiBase: 'http://experience.tripster.ru/api' }],
    ['apiBase', { apiBase: 'not a url' }],
    ['sourceTimeZone', { sourceTimeZone: 'Moscow' }],
    ['initialSyncStart', { initialSyncStart: '01.02.2020' }],
    ['initialSyncStart', { initialSyncStart: '2020-13-45' }],
    ['initialSyncStart', { initialSyncStart: '2021-02-30' }],
    ['initialSyncStart', { initialSyncStart: '2021-02-03 24:00:00' }],
    ['pageConcurrency', { pageConcurrency: 0 }],
    ['pageConcurrency', { pageConcurrency: 1.5 }],
    ['pageConcurrency', { pageConcurrency: 17 }],
    ['overlapWindow', { overlapWindow: Duration.millis(1500) }],
    ['overlapWindow', { overlapWindow: Duration.days(2) }],
    ['stopMargin', { stopMargin: Duration.seconds(4) }],
    ['stopMargin', { stopMargin: Duration.minutes(11) }],
    ['timeout', { timeout: Duration.millis(90_500) }],
    ['checkpointParameterName', { checkpointParameterName: 'a/b' }],
    ['credentialsParameterName', { credentialsParameterName: '/a b' }],
  ] as const)('rejects a bad %s', (prop, props) => {
    expect(() => construct(props)).toThrow(`invalid ${prop}:`);
  });

  it.each(['2024-01-31', '2024-01-31T08:00:00', '2024-01-31 08:00:00'])(
    'accepts initialSyncStart %s',
    (initialSyncStart) => {
      expect(() => construct({ initialSyncStart })).not.toThrow();
    },
  );

  it('accepts a cron schedule', () => {
    const schedule = Schedule.expression('cron(0 * * * ? *)');

    expect(() =>
      construct({ schedule, maxCheckpointLag: Duration.hours(2) }),
    ).not.toThrow();
  });
});
