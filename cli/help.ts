import type { Command } from './command';
import { DEFAULT_STACK_NAME, SETTING_SOURCES } from './settings/sources';

/** Builds the text of `tripster-sync --help`. */
export function toolHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const commandLines = commands.map(
    (command) => `  ${command.name.padEnd(width)}  ${command.summary}`,
  );

  return [
    'Usage: tripster-sync <command> [options]',
    '',
    'Operates the Tripster order sync with the same stores and client as its',
    'Lambda function.',
    '',
    'Commands:',
    ...commandLines,
    '',
    settingsHelp(),
    '',
    'Exit codes: 0 success, 1 failure, 2 usage error.',
    '',
    'Example:',
    '  npx tripster-sync status',
    '',
    'Run tripster-sync <command> --help for the options of a command.',
    '',
  ].join('\n');
}

/** Builds the help of a command group such as `rejects`. */
export function groupHelp(word: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));

  return [
    `Usage: tripster-sync ${word} <subcommand> [options]`,
    '',
    ...commands.map(
      (command) => `  ${command.name.padEnd(width)}  ${command.summary}`,
    ),
    '',
    `Run tripster-sync ${commands[0]?.name} --help for its options.`,
    '',
  ].join('\n');
}

/** Describes the settings options and where else settings come from. */
function settingsHelp(): string {
  const rows = [
    ['flag', 'variable', 'stack output'],
    ...SETTING_SOURCES.map((source) => [
      `--${source.flag}`,
      source.variable ?? '-',
      source.output ?? (source.fromFunction ? '(function)' : '-'),
    ]),
  ];
  const widths = [0, 1].map((column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const table = rows.map(
    ([flag = '', variable = '', output = '']) =>
      `  ${flag.padEnd(widths[0] ?? 0)}  ${variable.padEnd(widths[1] ?? 0)}  ${output}`,
  );

  return [
    'Settings: each comes from the first of its flag, its environment',
    'variable, and the deployed stack: its outputs, or for those marked',
    '(function), the environment of its function. The stack is read only when',
    'a command needs a setting that the flags and the environment leave out.',
    '',
    ...table,
    '',
    `  --stack NAME  stack to read (default ${DEFAULT_STACK_NAME})`,
    '',
    'TRIPSTER_API_BASE defaults to https://experience.tripster.ru/api and',
    'SOURCE_TIME_ZONE to Europe/Moscow, as in the function.',
  ].join('\n');
}

/** Builds the closing lines of a command's help: its settings and an example. */
export function commandFooter(settings: string[], example: string): string {
  return [
    '',
    ...wrap(`Settings: ${settings.join(', ')}.`),
    'Give them as flags or environment variables, or let the tool read the',
    'deployed stack; see tripster-sync --help.',
    '',
    'Example:',
    `  ${example}`,
    '',
  ].join('\n');
}

/** Breaks text into lines of at most 78 characters at spaces. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > 78) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }

  return [...lines, line];
}
