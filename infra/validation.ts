import { Duration } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import type { OrderSyncSettings } from './settings';

// Ranges that the handler's configuration module accepts.
const MAX_PAGE_CONCURRENCY = 16;
const STOP_MARGIN_RANGE_SECONDS = { min: 5, max: 600 };
const MAX_OVERLAP_WINDOW_SECONDS = 86_400;
const LAMBDA_TIMEOUT_RANGE_SECONDS = { min: 1, max: 900 };

/** Validates the props that size the function. */
export function validateFunctionSettings(
  scope: IConstruct,
  settings: OrderSyncSettings,
): void {
  const { pageConcurrency } = settings;
  const valid =
    Number.isInteger(pageConcurrency) &&
    pageConcurrency >= 1 &&
    pageConcurrency <= MAX_PAGE_CONCURRENCY;
  if (!valid) {
    throw invalidProp(
      scope,
      'pageConcurrency',
      `${pageConcurrency} must be a whole number from 1 to ` +
        `${MAX_PAGE_CONCURRENCY}.`,
    );
  }
}

/**
 * Validates the durations against each other. The timeout must end a run
 * before the next scheduled one starts, and must leave time for pages
 * beyond the stop margin.
 */
export function validateDurations(
  scope: IConstruct,
  settings: OrderSyncSettings,
): void {
  const { timeout, stopMargin, scheduleInterval } = settings;
  requireSeconds(scope, 'overlapWindow', settings.overlapWindow, {
    min: 0,
    max: MAX_OVERLAP_WINDOW_SECONDS,
  });
  requireSeconds(scope, 'stopMargin', stopMargin, STOP_MARGIN_RANGE_SECONDS);
  requireSeconds(scope, 'timeout', timeout, LAMBDA_TIMEOUT_RANGE_SECONDS);

  const timeoutSeconds = timeout.toSeconds();
  if (timeoutSeconds <= stopMargin.toSeconds()) {
    throw invalidProp(
      scope,
      'timeout',
      `${timeout.toHumanString()} must be longer than stopMargin ` +
        `(${stopMargin.toHumanString()}), because a run starts no page ` +
        'when less than stopMargin remains. Raise timeout or lower ' +
        'stopMargin.',
    );
  }

  if (
    scheduleInterval !== undefined &&
    timeoutSeconds >= scheduleInterval.toSeconds()
  ) {
    throw invalidProp(
      scope,
      'timeout',
      `${timeout.toHumanString()} must be shorter than the schedule ` +
        `interval (${scheduleInterval.toHumanString()}), so that a run ` +
        'ends before the next one starts. Lower timeout or lengthen ' +
        'schedule.',
    );
  }

  validateMaxCheckpointLag(scope, settings);
}

function validateMaxCheckpointLag(
  scope: IConstruct,
  settings: OrderSyncSettings,
): void {
  const { maxCheckpointLag, scheduleInterval } = settings;
  const lagSeconds = maxCheckpointLag.toSeconds();
  const minimum = (scheduleInterval?.toSeconds() ?? 0) * 2;
  // The lag alarm uses maxCheckpointLag as its one CloudWatch period. The
  // PutMetricAlarm reference requires a multiple of 60 seconds and limits
  // the evaluation range to seven days.
  const valid =
    lagSeconds % 60 === 0 &&
    lagSeconds <= Duration.days(7).toSeconds() &&
    lagSeconds >= Math.max(minimum, 60);
  if (!valid) {
    throw invalidProp(
      scope,
      'maxCheckpointLag',
      `${maxCheckpointLag.toHumanString()} must be whole minutes, at most ` +
        'seven days and at least twice the schedule interval, so that ' +
        'every alarm period contains a run. A rate schedule of more than ' +
        '84 hours cannot meet both limits.',
    );
  }
}

function requireSeconds(
  scope: IConstruct,
  prop: string,
  duration: Duration,
  range: { min: number; max: number },
): void {
  const seconds = duration.toSeconds({ integral: false });
  const valid =
    Number.isInteger(seconds) && seconds >= range.min && seconds <= range.max;
  if (!valid) {
    throw invalidProp(
      scope,
      prop,
      `${duration.toHumanString()} must be a whole number of seconds ` +
        `from ${range.min} to ${range.max}.`,
    );
  }
}
