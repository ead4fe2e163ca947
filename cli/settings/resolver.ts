import { UsageError } from '../errors';
import { SETTING_SOURCES } from './sources';

/** Settings by key: variable names, and FUNCTION_NAME. */
export type Settings = Readonly<Record<string, string | undefined>>;

/** Settings from the deployed stack: its outputs and its function's environment. */
export interface DeployedSettings {
  readonly values: Record<string, string>;
  /** Reason the stack gave less than it could, for the error message. */
  readonly problem?: string;
}

export type StackReader = (stackName: string) => Promise<DeployedSettings>;

/**
 * Resolves each setting from the first source that gives it: its flag, its
 * environment variable, then the deployed stack. The stack is read only
 * when a command needs a setting that flags and environment leave out, and
 * at most once.
 */
export class SettingsResolver {
  private deployed: Promise<DeployedSettings> | undefined;

  constructor(
    private readonly local: Settings,
    readonly stackName: string,
    private readonly readStack: StackReader,
  ) {}

  /** Returns every setting, and fails with a usage error when one of `required` has no value. */
  async resolve(required: readonly string[]): Promise<Settings> {
    const missing = required.filter((key) => this.local[key] === undefined);
    if (missing.length === 0) {
      return this.local;
    }
    this.deployed ??= this.readStack(this.stackName);
    const deployed = await this.deployed;
    const merged: Settings = { ...deployed.values, ...this.local };
    const stillMissing = required.filter((key) => merged[key] === undefined);
    if (stillMissing.length > 0) {
      throw new UsageError(this.missingMessage(stillMissing, deployed));
    }

    return merged;
  }

  private missingMessage(keys: string[], deployed: DeployedSettings): string {
    const problem =
      deployed.problem ?? `the stack ${this.stackName} does not have them`;

    return [
      'Missing settings. Give each with its flag or environment variable:',
      ...keys.map((key) => `  ${describeSource(key)}`),
      `The deployed stack gives them otherwise, but ${problem}.`,
      'Pass --stack NAME when the stack has another name.',
    ].join('\n');
  }
}

/**
 * Variables whose blank value is kept, so that it fails as it does in the
 * function's config instead of falling back to the default.
 */
const BLANK_IS_INVALID = new Set(['TRIPSTER_API_BASE']);

/**
 * Builds the local settings: the environment, with empty values left out
 * as the function's config does, then the flags on top.
 */
export function localSettings(
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<Record<string, string | boolean | undefined>>,
): Settings {
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') {
      settings[name] = value.trim();
    } else if (value !== undefined && BLANK_IS_INVALID.has(name)) {
      settings[name] = '';
    }
  }
  for (const source of SETTING_SOURCES) {
    const value = flags[source.flag];
    if (typeof value === 'string' && value.trim() !== '') {
      settings[source.key] = value.trim();
    }
  }

  return settings;
}

function describeSource(key: string): string {
  const source = SETTING_SOURCES.find((candidate) => candidate.key === key);
  if (source === undefined) {
    return `the environment variable ${key}`;
  }
  const ways = [`--${source.flag}`, source.variable].filter(
    (way) => way !== undefined,
  );
  const output =
    source.output === undefined ? '' : `; stack output ${source.output}`;

  return `${ways.join(' or ')} (${source.description}${output})`;
}
