import type { Command } from '../command';
import { UsageError } from '../errors';
import { backfillCommand } from './backfill';
import { credentialsSetCommand } from './credentials-set';
import { exportCommand } from './export';
import { rejectsListCommand } from './rejects-list';
import { rejectsRetryCommand } from './rejects-retry';
import { replayCommand } from './replay';
import { statusCommand } from './status';

export const COMMANDS: readonly Command[] = [
  statusCommand,
  credentialsSetCommand,
  backfillCommand,
  replayCommand,
  rejectsListCommand,
  rejectsRetryCommand,
  exportCommand,
];

/**
 * Finds the command that the first words of the arguments name, one word
 * (`status`) or two (`rejects retry`), and returns the arguments after it.
 */
export function findCommand(argv: readonly string[]): {
  command: Command;
  args: readonly string[];
} {
  const [first = '', second = ''] = argv;
  const twoWords = COMMANDS.find(
    (command) => command.name === `${first} ${second}`,
  );
  if (twoWords !== undefined) {
    return { command: twoWords, args: argv.slice(2) };
  }
  const oneWord = COMMANDS.find((command) => command.name === first);
  if (oneWord !== undefined) {
    return { command: oneWord, args: argv.slice(1) };
  }
  const group = commandsInGroup(first);
  if (group.length > 0) {
    const names = group.map((command) => command.name).join(', ');
    throw new UsageError(
      `${first} needs a subcommand: ${names}. Run: tripster-sync ${group[0]?.name} --help`,
    );
  }
  throw new UsageError(
    `Unknown command ${JSON.stringify(first)}. Run: tripster-sync --help`,
  );
}

/** Returns the commands whose first word is `word`, such as `rejects`. */
export function commandsInGroup(word: string): readonly Command[] {
  return COMMANDS.filter((command) => command.name.startsWith(`${word} `));
}
