import { Duration } from 'aws-cdk-lib';
import type { Schedule } from 'aws-cdk-lib/aws-events';
import type { Node } from 'constructs';
import { parseScheduleExpression } from './schedule';
import type { TripsterOrderSyncStackProps } from './stack';

/** Error in a CDK context value, reported without a stack trace. */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextError';
  }
}

/** Stack name and stack props read from the CDK context. */
export interface AppSettings {
  readonly stackName: string;
  readonly stackProps: TripsterOrderSyncStackProps;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Reads the app settings from the CDK context. Values passed with `-c`
 * arrive as strings, values from cdk.json may be numbers or booleans.
 */
export function readAppSettings(node: Node): AppSettings {
  const partnerId = readString(node, 'partnerId');
  if (partnerId === undefined) {
    throw new ContextError(
      'Missing CDK context value "partnerId", the Tripster partner id ' +
        'of the orders to sync. Pass it on the command line: ' +
        'npx cdk synth -c partnerId=<your partner id>',
    );
  }

  const stackName = readString(node, 'stackName') ?? 'TripsterOrderSync';
  if (!STACK_NAME.test(stackName)) {
    throw invalid(
      'stackName',
      stackName,
      'a letter, then letters, digits or -',
    );
  }

  const alarmEmail = readString(node, 'alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw invalid('alarmEmail', alarmEmail, 'an email address');
  }

  const schedule = readString(node, 'schedule');
  const overlapMinutes = readWholeNumber(node, 'overlapMinutes');
  const stackProps: TripsterOrderSyncStackProps = {
    alarmEmail,
    sync: {
      partnerId,
      schedule:
        schedule === undefined ? undefined : parseContextSchedule(schedule),
      apiBase: readString(node, 'apiBase'),
      sourceTimeZone: readString(node, 'sourceTimeZone'),
      initialSyncStart: readString(node, 'initialSyncStart'),
      overlapWindow:
        overlapMinutes === undefined
          ? undefined
          : Duration.minutes(overlapMinutes),
      publishBackfillEvents: readBoolean(node, 'publishBackfillEvents'),
    },
  };

  return { stackName, stackProps };
}

function readString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw invalid(key, value, 'a string');
  }

  const text = String(value).trim();
  if (text === '') {
    throw invalid(key, value, 'a non-empty string');
  }
  return text;
}

function readBoolean(node: Node, key: string): boolean | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || typeof value === 'boolean') {
    return value;
  }

  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  throw invalid(key, value, 'true or false');
}

function readWholeNumber(node: Node, key: string): number | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) {
    return undefined;
  }

  const text = String(value).trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(number)) {
    throw invalid(key, value, 'a whole number of 0 or more');
  }
  return number;
}

function parseContextSchedule(text: string): Schedule {
  try {
    return parseScheduleExpression('schedule', text);
  } catch (error) {
    throw new ContextError(`CDK context: ${(error as Error).message}`);
  }
}

function invalid(key: string, value: unknown, expected: string): Error {
  return new ContextError(
    `Invalid CDK context value ${key}=${JSON.stringify(value)}: ` +
      `expected ${expected}.`,
  );
}
