import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContextError, readAppSettings } from './context';
import { InvalidPropError } from './errors';
import { TripsterOrderSyncStack } from './stack';

// Settings come from CDK context, for example:
//   npx cdk deploy -c partnerId=12345 -c alarmEmail=ops@example.com
const app = new App();
try {
  const settings = readAppSettings(app.node);
  new TripsterOrderSyncStack(app, settings.stackName, settings.stackProps);
} catch (error) {
  // A setting the operator can fix needs its message, not a stack trace.
  if (!(error instanceof ContextError || error instanceof InvalidPropError)) {
    throw error;
  }
  console.error(error.message);
  process.exit(1);
}

// Synthesis fails on any AwsSolutions finding that is not acknowledged
// with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
