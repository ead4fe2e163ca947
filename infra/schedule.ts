import { Duration } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';

/** Default interval between two runs. */
export const DEFAULT_SCHEDULE_INTERVAL = Duration.minutes(15);

const RATE_EXPRESSION = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const CRON_EXPRESSION = /^cron\(\S+( \S+){5}\)$/;

/**
 * Returns the interval of a `rate(...)` schedule, or undefined for a `cron`
 * schedule, whose shortest interval this code does not compute.
 */
export function rateInterval(schedule: Schedule): Duration | undefined {
  const match = RATE_EXPRESSION.exec(schedule.expressionString);
  if (match === null) {
    return undefined;
  }

  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  if (unit.startsWith('minute')) {
    return Duration.minutes(amount);
  }
  if (unit.startsWith('hour')) {
    return Duration.hours(amount);
  }
  return Duration.days(amount);
}

/**
 * Parses an EventBridge schedule expression such as `rate(15 minutes)` or
 * `cron(0/15 * * * ? *)`. Throws an error that names `key` when the text is
 * neither.
 */
export function parseScheduleExpression(key: string, text: string): Schedule {
  const expression = text.trim();
  if (isValidRate(expression) || CRON_EXPRESSION.test(expression)) {
    return Schedule.expression(expression);
  }

  throw new Error(
    `Invalid ${key} "${text}": expected a rate expression such as ` +
      `"rate(15 minutes)" or a cron expression with six fields such as ` +
      `"cron(0/15 * * * ? *)".`,
  );
}

// EventBridge accepts a singular unit only for a value of 1, such as
// "rate(1 hour)", and a plural unit only for larger values.
function isValidRate(expression: string): boolean {
  const match = RATE_EXPRESSION.exec(expression);
  if (match === null) {
    return false;
  }

  const amount = Number(match[1]);
  const plural = (match[2] ?? '').endsWith('s');
  return amount >= 1 && plural === amount > 1;
}
