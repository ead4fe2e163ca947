import type { ParseArgsConfig } from 'node:util';
import type { AwsClients } from './aws/clients';
import type { CliIo } from './io';
import type { SettingsResolver } from './settings/resolver';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Option values as `util.parseArgs` returns them. */
export type OptionValues = Readonly<
  Record<string, string | boolean | undefined>
>;

/** Context of a running command: its streams, settings and AWS clients. */
export interface CommandContext {
  readonly io: CliIo;
  readonly settings: SettingsResolver;
  readonly clients: AwsClients;
}

export interface Command {
  /** The words that select it, such as `status` or `rejects retry`. */
  readonly name: string;
  /** One line for the tool's command list. */
  readonly summary: string;
  /** The text of `--help`: usage, options and one example. */
  readonly help: string;
  /** Options of this command. Every command also takes the settings options. */
  readonly options: OptionSpecs;
  /** Runs the command and returns the exit code. */
  run(values: OptionValues, context: CommandContext): Promise<number>;
}

/** Returns a string option's value, or undefined when it was not given. */
export function stringOption(
  values: OptionValues,
  name: string,
): string | undefined {
  const value = values[name];

  return typeof value === 'string' ? value : undefined;
}
