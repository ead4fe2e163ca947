import { Duration } from 'aws-cdk-lib';
import type { IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  Stats,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { OrderSyncAlarms } from './alarms';
import { eventsByStatus, syncMetric } from './metrics';

/** Period of every graph: one point per hour of runs. */
export const DASHBOARD_PERIOD = Duration.hours(1);

/** Inputs of `createDashboard`. */
export interface DashboardSources {
  readonly dashboardName: string;
  readonly function: IFunction;
  readonly alarms: OrderSyncAlarms;
  readonly maxCheckpointLag: Duration;
  readonly timeout: Duration;
}

/** Creates the dashboard an operator watches the sync on. */
export function createDashboard(
  scope: Construct,
  sources: DashboardSources,
): Dashboard {
  const dashboard = new Dashboard(scope, 'Dashboard', {
    dashboardName: sources.dashboardName,
    defaultInterval: Duration.days(7),
  });
  dashboard.addWidgets(
    new AlarmStatusWidget({
      title: 'Alarms',
      alarms: Object.values(sources.alarms),
      width: 24,
      height: 3,
    }),
  );
  dashboard.addWidgets(...runWidgets(sources), ...orderWidgets());
  dashboard.addWidgets(...progressWidgets(sources));

  return dashboard;
}

function runWidgets(sources: DashboardSources): IWidget[] {
  const period = DASHBOARD_PERIOD;
  const fn = sources.function;
  return [
    new GraphWidget({
      title: 'Runs and errors',
      left: [
        fn.metricInvocations({ period, statistic: Stats.SUM }),
        fn.metricErrors({ period, statistic: Stats.SUM }),
        fn.metricThrottles({ period, statistic: Stats.SUM }),
      ],
    }),
    new GraphWidget({
      title: 'Run duration',
      left: [
        fn
          .metricDuration({ period, statistic: Stats.MAXIMUM })
          .with({ label: 'Lambda Duration (ms)' }),
      ],
      leftYAxis: { label: 'milliseconds', showUnits: false },
      leftAnnotations: [
        { label: 'Timeout', value: sources.timeout.toMilliseconds() },
      ],
      right: [
        syncMetric('RunDurationSeconds', Stats.MAXIMUM, period).with({
          label: 'RunDurationSeconds',
        }),
      ],
      rightYAxis: { label: 'seconds', showUnits: false },
    }),
  ];
}

function orderWidgets(): IWidget[] {
  const period = DASHBOARD_PERIOD;
  const sum = Stats.SUM;
  return [
    new GraphWidget({
      title: 'Orders fetched and written',
      left: [
        syncMetric('OrdersFetched', sum, period),
        syncMetric('OrdersWritten', sum, period),
        syncMetric('OrdersUnchanged', sum, period),
      ],
      right: [syncMetric('PagesFetched', sum, period)],
    }),
    new GraphWidget({
      title: 'Events published by status',
      left: [eventsByStatus(period)],
      right: [syncMetric('EventsPublished', sum, period)],
    }),
  ];
}

function progressWidgets(sources: DashboardSources): IWidget[] {
  const period = DASHBOARD_PERIOD;
  return [
    new GraphWidget({
      title: 'Records set aside',
      left: [syncMetric('OrdersRejected', Stats.SUM, period)],
    }),
    new GraphWidget({
      title: 'Checkpoint lag (seconds)',
      left: [syncMetric('CheckpointLagSeconds', Stats.MAXIMUM, period)],
      leftAnnotations: [
        {
          label: 'Alarm threshold',
          value: sources.maxCheckpointLag.toSeconds(),
        },
      ],
    }),
    new GraphWidget({
      title: 'Resume points saved',
      left: [syncMetric('ResumePointsSaved', Stats.SUM, period)],
    }),
  ];
}
