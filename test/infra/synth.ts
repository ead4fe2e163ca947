import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { TripsterOrderSyncProps } from '../../infra/order-sync-props';
import { TripsterOrderSyncStack } from '../../infra/stack';

/** Partner id of every synthesized test stack. */
export const PARTNER_ID = 'test-partner';

/** A tiny handler, so that bundling does not depend on lambda/. */
export const FIXTURE_ENTRY = fileURLToPath(
  new URL('./fixtures/handler.ts', import.meta.url),
);

/** A synthesized test stack and its template. */
export interface Synthesized {
  readonly stack: TripsterOrderSyncStack;
  readonly template: Template;
}

/** Options of `synthesize`. */
export interface SynthOptions {
  readonly sync?: Partial<TripsterOrderSyncProps>;
  readonly alarmEmail?: string;
}

/** Builds a test stack around the fixture handler, without synthesizing. */
export function buildStack(options: SynthOptions = {}): TripsterOrderSyncStack {
  const app = new App();
  return new TripsterOrderSyncStack(app, 'TestStack', {
    sync: { partnerId: PARTNER_ID, entry: FIXTURE_ENTRY, ...options.sync },
    alarmEmail: options.alarmEmail,
  });
}

/** Builds and synthesizes a test stack; bundling takes about a second. */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const stack = buildStack(options);
  return { stack, template: Template.fromStack(stack) };
}

/** Returns the properties of the only resource of `type`. */
export function onlyResource(
  template: Template,
  type: string,
): Record<string, unknown> {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) {
    throw new Error(`expected one ${type}, found ${resources.length}`);
  }
  return resources[0] as Record<string, unknown>;
}
