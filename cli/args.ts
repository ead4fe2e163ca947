import { parseArgs } from 'node:util';
import type { Command, OptionSpecs, OptionValues } from './command';
import { UsageError } from './errors';
import { SETTING_SOURCES } from './settings/sources';

/** Options that every command takes: help, and where settings come from. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  stack: { type: 'string' },
  ...Object.fromEntries(
    SETTING_SOURCES.map((source) => [source.flag, { type: 'string' }]),
  ),
};

/** Parses a command's arguments and turns a mistake into a usage error. */
export function parseCommandArgs(
  command: Command,
  args: readonly string[],
): OptionValues {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...command.options },
      strict: true,
      allowPositionals: false,
    });

    // No option is declared with `multiple`, so no value is an array.
    return values as OptionValues;
  } catch (error) {
    if (isParseArgsError(error)) {
      throw new UsageError(
        `${firstSentence(error.message)}. Run: tripster-sync ${command.name} --help`,
      );
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
  );
}

// parseArgs appends advice about positional arguments that does not apply.
function firstSentence(message: string): string {
  return message.split('. ')[0]?.replace(/\.$/, '') ?? message;
}
