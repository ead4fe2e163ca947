import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/registry';
import { runCli } from './harness';

describe('help', () => {
  it('lists every command with an example', async () => {
    const result = await runCli(['--help']);

    expect(result.code).toBe(0);
    for (const command of COMMANDS) {
      expect(result.stdout).toContain(command.name);
    }
    expect(result.stdout).toContain('Example:');
    expect(result.stdout).toContain('--stack NAME');
  });

  it.each(COMMANDS.map((command) => command.name))(
    'shows usage and an example for %s',
    async (name) => {
      const result = await runCli([...name.split(' '), '--help']);

      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: tripster-sync ${name}`);
      expect(result.stdout).toMatch(/Example:\n {2}npx tripster-sync /);
      expect(result.stderr).toBe('');
    },
  );

  it('keeps help lines within 80 columns', async () => {
    const texts = [(await runCli(['--help'])).stdout];
    for (const command of COMMANDS) {
      texts.push(command.help);
    }

    const long = texts
      .flatMap((text) => text.split('\n'))
      .filter((line) => line.length > 80 && !line.includes('npx '));

    expect(long).toEqual([]);
  });

  it('shows the subcommands of a group', async () => {
    const result = await runCli(['rejects', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rejects list');
    expect(result.stdout).toContain('rejects retry');
  });
});

describe('usage errors', () => {
  it('prints the help and exits with 2 without a command', async () => {
    const result = await runCli([]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: tripster-sync <command>');
  });

  it('rejects an unknown command', async () => {
    const result = await runCli(['sync']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "sync"');
  });

  it('rejects an unknown option', async () => {
    const result = await runCli(['status', '--verbose']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--verbose'");
    expect(result.stderr).toContain('tripster-sync status --help');
  });

  it('asks for the subcommand of a group', async () => {
    const result = await runCli(['rejects']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rejects list, rejects retry');
  });

  it('rejects an option without its value', async () => {
    const result = await runCli(['backfill', '--since']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--since');
  });
});
