import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TripsterOrderSyncStack } from '../../infra/stack';
import { onlyResource, synthesize } from './synth';

// Joins the Fn::Join parts of the body, with tokens as their logical ids.
function dashboardBody(template: Template): string {
  const dashboard = onlyResource(template, 'AWS::CloudWatch::Dashboard') as {
    Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } };
  };
  const parts = dashboard.Properties.DashboardBody['Fn::Join'][1];
  return parts
    .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
    .join('');
}

describe('dashboard', () => {
  let stack: TripsterOrderSyncStack;
  let template: Template;
  let body: string;

  beforeAll(() => {
    ({ stack, template } = synthesize());
    body = dashboardBody(template);
  });

  it('is named after the stack and construct', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'TestStack-OrderSync',
    });
  });

  it.each([
    'Invocations',
    'Errors',
    'Throttles',
    'Duration',
    'RunDurationSeconds',
    'OrdersFetched',
    'OrdersWritten',
    'OrdersUnchanged',
    'PagesFetched',
    'EventsPublished',
    'OrdersRejected',
    'CheckpointLagSeconds',
    'ResumePointsSaved',
  ])('graphs %s', (metricName) => {
    expect(body).toContain(`"${metricName}"`);
  });

  it('graphs events by status with SEARCH', () => {
    expect(body).toContain(
      "SEARCH('{TripsterOrderSync,service,status} " +
        'MetricName=\\"EventsPublishedByStatus\\" ' +
        "service=\\\"tripster-order-sync\\\"', 'Sum', 3600)",
    );
  });

  it('shows every alarm', () => {
    for (const alarm of Object.values(stack.sync.alarms)) {
      const logicalId = stack.getLogicalId(alarm.node.defaultChild as never);
      expect(body).toContain(logicalId);
    }
  });
});
