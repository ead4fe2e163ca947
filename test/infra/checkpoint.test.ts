import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, PARTNER_ID, synthesize } from './synth';

describe('checkpoint parameter', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synthesize());
  });

  it('starts as an empty checkpoint', () => {
    const parameter = onlyResource(template, 'AWS::SSM::Parameter') as {
      Properties: Record<string, unknown>;
    };

    expect(parameter.Properties).toMatchObject({
      Name: `/tripster-order-sync/${PARTNER_ID}/checkpoint`,
      Type: 'String',
      Tier: 'Standard',
      Value: '{}',
    });
  });
});
