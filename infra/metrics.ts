import type { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from './environment';
import { SERVICE_NAME } from './settings';

/** Names of the metrics the function emits, with dimension `service`. */
export type SyncMetricName =
  | 'PagesFetched'
  | 'OrdersFetched'
  | 'OrdersWritten'
  | 'OrdersUnchanged'
  | 'OrdersRejected'
  | 'EventsPublished'
  | 'CheckpointLagSeconds'
  | 'RunDurationSeconds'
  | 'ResumePointsSaved';

/**
 * Returns one of the function's own metrics.
 *
 * NOTE: the `service` dimension is the same for every deployment, so two
 * deployments in one account and region share these metrics and alarms.
 */
export function syncMetric(
  metricName: SyncMetricName,
  statistic: string,
  period: Duration,
): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period,
  });
}

/**
 * Returns one time series per order status of `EventsPublishedByStatus`,
 * including statuses that are not documented yet.
 */
export function eventsByStatus(period: Duration): MathExpression {
  const search =
    `{${METRICS_NAMESPACE},service,status} ` +
    `MetricName="EventsPublishedByStatus" service="${SERVICE_NAME}"`;
  return new MathExpression({
    expression: `SEARCH('${search}', '${Stats.SUM}', ${period.toSeconds()})`,
    // A CloudWatch dynamic label, not a JavaScript template.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: see above
    label: "${PROP('Dim.status')}",
    period,
    usingMetrics: {},
  });
}
