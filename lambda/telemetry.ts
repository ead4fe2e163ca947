import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RunSummary } from './sync/run';

const SERVICE_NAME = 'tripster-order-sync';

/** The structured JSON logger; POWERTOOLS_* variables override its defaults. */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/** CloudWatch metrics as EMF log lines, in the `TripsterOrderSync` namespace. */
export const metrics = new Metrics({
  namespace: 'TripsterOrderSync',
  serviceName: SERVICE_NAME,
});

const COUNT_METRICS = {
  PagesFetched: 'pages_fetched',
  OrdersFetched: 'orders_fetched',
  OrdersWritten: 'orders_written',
  OrdersUnchanged: 'orders_unchanged',
  OrdersRejected: 'orders_rejected',
  EventsPublished: 'events_published',
} as const;

/** Emits the run's metrics; called for failed runs too. */
export function publishRunMetrics(summary: RunSummary): void {
  for (const [name, field] of Object.entries(COUNT_METRICS)) {
    metrics.addMetric(name, MetricUnit.Count, summary[field]);
  }
  metrics.addMetric(
    'RunDurationSeconds',
    MetricUnit.Seconds,
    summary.duration_ms / 1000,
  );
  if (summary.checkpoint_lag_seconds !== null) {
    metrics.addMetric(
      'CheckpointLagSeconds',
      MetricUnit.Seconds,
      summary.checkpoint_lag_seconds,
    );
  }
  const resumed = Object.values(summary.feeds).filter(
    (feed) => feed.pass === 'stopped',
  );
  metrics.addMetric('ResumePointsSaved', MetricUnit.Count, resumed.length);
  metrics.publishStoredMetrics();
  for (const [status, count] of Object.entries(summary.events_by_status)) {
    const single = metrics.singleMetric();
    single.addDimension('status', status);
    single.addMetric('EventsPublishedByStatus', MetricUnit.Count, count);
  }
}
