import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IDestination } from 'aws-cdk-lib/aws-lambda';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  LogLevel,
  NodejsFunction,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { OrderSyncSettings } from './settings';

/** Retries of a failed run before its event goes to the dead-letter queue. */
export const RETRY_ATTEMPTS = 2;

/** Age after which an undelivered or throttled event is dead-lettered. */
export const MAX_EVENT_AGE = Duration.hours(1);

const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

// Lets CommonJS dependencies call require() inside the ESM bundle.
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module';" +
  'const require = createRequire(import.meta.url);';

/** The sync function, its log group and its schedule rule. */
export interface SyncFunction {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly rule: Rule;
}

/**
 * Creates the function, its log group and role, and the schedule rule.
 * The role may only write logs; the caller adds every other permission.
 */
export function createSyncFunction(
  scope: Construct,
  settings: OrderSyncSettings,
  environment: Record<string, string>,
  deadLetterQueue: IQueue,
): SyncFunction {
  const logGroup = new LogGroup(scope, 'LogGroup', {
    retention: settings.logRetention,
  });
  const role = new Role(scope, 'FunctionRole', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: 'Runs the Tripster order sync function',
  });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, 'Function', {
    entry: settings.entry,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_26_X,
    architecture: Architecture.ARM_64,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    // One run at a time: two runs must not interleave writes of one feed.
    reservedConcurrentExecutions: 1,
    role,
    logGroup,
    environment,
    retryAttempts: RETRY_ATTEMPTS,
    maxEventAge: MAX_EVENT_AGE,
    onFailure: queueDestination(deadLetterQueue),
    bundling: {
      forceDockerBundling: false,
      logLevel: LogLevel.WARNING,
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      banner: REQUIRE_BANNER,
      minify: true,
      // Error classes take their `name` from the class, which minifying
      // would shorten to a letter in logs.
      keepNames: true,
      sourceMap: true,
      sourceMapMode: SourceMapMode.DEFAULT,
      // Bundle the AWS SDK too, so the function runs the SDK version that
      // the tests ran, not the one in the Lambda runtime.
      externalModules: [],
    },
  });

  const rule = new Rule(scope, 'ScheduleRule', {
    description: 'Starts a Tripster order sync run',
    schedule: settings.schedule,
    targets: [
      new LambdaFunction(fn, {
        deadLetterQueue,
        retryAttempts: RETRY_ATTEMPTS,
        maxEventAge: MAX_EVENT_AGE,
      }),
    ],
  });

  return { function: fn, logGroup, rule };
}

// SqsDestination would also grant sqs:GetQueueAttributes and
// sqs:GetQueueUrl; Lambda needs only sqs:SendMessage, which the caller
// grants.
function queueDestination(queue: IQueue): IDestination {
  return { bind: () => ({ destination: queue.queueArn }) };
}
