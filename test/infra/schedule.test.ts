import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScheduleExpression, rateInterval } from '../../infra/schedule';
import { synthesize } from './synth';

describe('schedule rule', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synthesize());
  });

  it('runs every 15 minutes by default', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
    });
  });

  it('is the only rule', () => {
    template.resourceCountIs('AWS::Events::Rule', 1);
  });
});

describe('custom schedule', () => {
  it('uses the given cron expression', () => {
    const schedule = Schedule.expression('cron(0/20 * * * ? *)');

    const { template } = synthesize({ sync: { schedule } });

    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0/20 * * * ? *)',
    });
  });
});

describe('rateInterval', () => {
  it.each([
    ['rate(1 minute)', 60],
    ['rate(15 minutes)', 900],
    ['rate(2 hours)', 7200],
    ['rate(1 day)', 86_400],
  ])('reads %s', (expression, seconds) => {
    const interval = rateInterval(Schedule.expression(expression));

    expect(interval?.toSeconds()).toBe(seconds);
  });

  it('matches Schedule.rate', () => {
    const schedule = Schedule.rate(Duration.hours(1));

    expect(rateInterval(schedule)?.toSeconds()).toBe(3600);
  });

  it('is undefined for cron', () => {
    const schedule = Schedule.expression('cron(0/15 * * * ? *)');

    expect(rateInterval(schedule)).toBeUndefined();
  });
});

describe('parseScheduleExpression', () => {
  it.each(['rate(1 hour)', 'rate(30 minutes)', 'cron(0 6 * * ? *)'])(
    'accepts %s',
    (text) => {
      const schedule = parseScheduleExpression('schedule', text);

      expect(schedule.expressionString).toBe(text);
    },
  );

  it.each([
    'rate(1 hours)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'every 15 minutes',
    'cron(0 6 * * ?)',
  ])('rejects %s', (text) => {
    expect(() => parseScheduleExpression('schedule', text)).toThrow(
      /Invalid schedule/,
    );
  });
});
