import { FEEDS, type Feed } from '../../lambda/checkpoint';
import { CheckpointStore } from '../../lambda/stores/checkpoint-store';
import { type Command, type CommandContext, stringOption } from '../command';
import { readDay } from '../dates';
import { CommandError, EXIT_SUCCESS, UsageError } from '../errors';
import { commandFooter } from '../help';
import { isTerminal } from '../io';
import { required } from '../settings/values';
import { confirm } from '../terminal/prompt';
import { type BackfillPlan, planBackfill } from './backfill-plan';

export const backfillCommand: Command = {
  name: 'backfill',
  summary: "Move a feed's cursor back to read orders again from a date",
  options: {
    since: { type: 'string' },
    feed: { type: 'string' },
    yes: { type: 'boolean' },
    now: { type: 'boolean' },
  },
  help: `Usage: tripster-sync backfill --since YYYY-MM-DD [--feed FEED] [--yes] [--now]

Moves the checkpoint cursor of a feed back to the start of a day and drops
its resume point, so the next run reads every order changed since then. It
is safe to repeat: an order whose content did not change costs no write and
publishes no event.

A run in progress saves its own checkpoint when it ends, which undoes the
change. Run status after that run to check the cursor.

Options:
  --since DATE  first day to read again, in the source's time zone
  --feed FEED   updated_after, schedule_updated_after or all (default all)
  --yes         save without asking, as needed when standard input is not
                a terminal
  --now         start a run of the deployed function now (asynchronous
                Lambda invocation) instead of waiting for the schedule
${commandFooter(['CHECKPOINT_PARAMETER_NAME', 'the function name (with --now)'], 'npx tripster-sync backfill --since 2024-03-01 --feed updated_after --now')}`,

  async run(values, context) {
    const since = readSince(stringOption(values, 'since'));
    const feeds = readFeeds(stringOption(values, 'feed') ?? 'all');
    const wantsRun = values.now === true;
    const resolved = await context.settings.resolve([
      'CHECKPOINT_PARAMETER_NAME',
      ...(wantsRun ? ['FUNCTION_NAME'] : []),
    ]);
    const store = new CheckpointStore(
      context.clients.ssm,
      required(resolved, 'CHECKPOINT_PARAMETER_NAME'),
    );
    const plan = planBackfill(await store.load(), feeds, since);
    describePlan(plan, context);
    if (plan.moves.length === 0) {
      throw new CommandError(
        'Nothing to change, so the checkpoint stays as it was.',
      );
    }
    if (!(await confirmed(values.yes === true, context))) {
      context.io.stderr.write('Cancelled. The checkpoint stays as it was.\n');
      return EXIT_SUCCESS;
    }

    // NOTE: PutParameter has no condition, so a run in progress overwrites
    // this checkpoint with the one it loaded when it ends.
    await store.save(plan.checkpoint);
    context.io.stdout.write(
      `Saved. The next run reads again from ${since}. Unchanged orders cost no writes and publish no events.\n`,
    );
    if (wantsRun) {
      await startRun(required(resolved, 'FUNCTION_NAME'), context);
    }

    return EXIT_SUCCESS;
  },
};

function readSince(value: string | undefined): string {
  if (value === undefined) {
    throw new UsageError(
      'backfill needs --since YYYY-MM-DD. Run: tripster-sync backfill --help',
    );
  }

  return readDay('--since', value);
}

function readFeeds(value: string): readonly Feed[] {
  if (value === 'all') {
    return FEEDS;
  }
  const feed = FEEDS.find((name) => name === value);
  if (feed === undefined) {
    throw new UsageError(
      `--feed is invalid: ${JSON.stringify(value)}. Give ${FEEDS.join(', ')} or all.`,
    );
  }

  return [feed];
}

function describePlan(plan: BackfillPlan, { io }: CommandContext): void {
  for (const move of plan.moves) {
    const resume =
      move.droppedResumePage === undefined
        ? ''
        : `, dropping the resume point at page ${move.droppedResumePage}`;
    io.stdout.write(
      `${move.feed}: cursor ${move.from} -> ${move.to}${resume}\n`,
    );
  }
  for (const skip of plan.skips) {
    io.stdout.write(`${skip.feed}: stays, because ${skip.reason}\n`);
  }
}

async function confirmed(
  yes: boolean,
  { io }: CommandContext,
): Promise<boolean> {
  if (yes) {
    return true;
  }
  if (!isTerminal(io.stdin)) {
    throw new UsageError(
      'backfill changes the checkpoint and asks first, but standard input is not a terminal. Pass --yes to go ahead.',
    );
  }

  return confirm(io, 'Save this checkpoint?');
}

async function startRun(
  functionName: string,
  context: CommandContext,
): Promise<void> {
  const { invokeAsync } = await import('../aws/function-invoker');
  const status = await invokeAsync(context.clients, functionName);
  context.io.stdout.write(
    `Started a run of ${functionName} (asynchronous invocation, HTTP ${status}). Follow it with: tripster-sync status\n`,
  );
}
