import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from './args';
import { AwsClients } from './aws/clients';
import {
  type CommandContext,
  type OptionValues,
  stringOption,
} from './command';
import { COMMANDS, commandsInGroup, findCommand } from './commands/registry';
import { describeError, EXIT_SUCCESS, EXIT_USAGE, exitCodeOf } from './errors';
import { groupHelp, toolHelp } from './help';
import { type CliIo, processIo } from './io';
import { localSettings, SettingsResolver } from './settings/resolver';
import { DEFAULT_STACK_NAME } from './settings/sources';

/**
 * Runs one command of `tripster-sync` and returns its exit code: 0 on
 * success, 1 when it failed, 2 for a usage error.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr.write(`tripster-sync: ${describeError(error)}\n`);

    return exitCodeOf(error);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === undefined) {
    io.stderr.write(toolHelp(COMMANDS));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(toolHelp(COMMANDS));
    return EXIT_SUCCESS;
  }
  const group = commandsInGroup(first);
  if (group.length > 0 && ['--help', '-h'].includes(argv[1] ?? '')) {
    io.stdout.write(groupHelp(first, group));
    return EXIT_SUCCESS;
  }
  const { command, args } = findCommand(argv);
  const values = parseCommandArgs(command, args);
  if (values.help === true) {
    io.stdout.write(command.help);
    return EXIT_SUCCESS;
  }
  const context = createContext(values, io);
  try {
    return await command.run(values, context);
  } finally {
    context.clients.destroy();
  }
}

function createContext(values: OptionValues, io: CliIo): CommandContext {
  const local = localSettings(io.env, values);
  const clients = new AwsClients({
    region: local.AWS_REGION,
    endpoint: local.AWS_ENDPOINT_URL,
  });
  const stackName = stringOption(values, 'stack') ?? DEFAULT_STACK_NAME;
  const settings = new SettingsResolver(local, stackName, async (name) => {
    // Loaded on demand: most runs that set their settings never need it.
    const { createStackReader } = await import('./settings/stack-reader');

    return createStackReader(clients)(name);
  });

  return { io, settings, clients };
}

/** Runs the command line of this process and sets its exit code. */
export async function runCli(): Promise<void> {
  // A reader that goes away, as `| head` does, ends the output: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      throw error;
    }
    process.exit(EXIT_SUCCESS);
  });
  process.exitCode = await main(process.argv.slice(2), processIo());
}

function isEntryPoint(): boolean {
  const script = process.argv[1];

  return (
    script !== undefined &&
    realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  );
}

if (isEntryPoint()) {
  await runCli();
}
