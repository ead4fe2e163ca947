import type { SyncConfig } from '../../lambda/config';
import { OrderReader } from '../../lambda/stores/order-reader';
import {
  type Command,
  type CommandContext,
  type OptionValues,
  stringOption,
} from '../command';
import { readInstant } from '../dates';
import { CommandError, EXIT_SUCCESS, UsageError } from '../errors';
import { commandFooter } from '../help';
import { readSyncConfig, SYNC_CONFIG_KEYS } from '../settings/values';
import { createPublisher, eventContextOf } from '../sync-context';
import { formatQuantity } from '../terminal/output';
import { buildReplay, describeReplay } from './replay-event';
import { type ReplayRange, replayRange } from './replay-range';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Publish the current status event of orders again',
  options: {
    order: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    status: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  help: `Usage: tripster-sync replay --order ID [--dry-run]
       tripster-sync replay --since TIME --until TIME [--status S] [--dry-run]

Publishes the order.status_changed event of an order's current status again,
built from the stored order, with the id the sync gave it, so consumers that
drop duplicates by id see it once.

An order whose only status the sync saw during its first backfill got no
event then, unless PUBLISH_BACKFILL_EVENTS was set; replay sends one, with
previous_status null.

The range form scans the whole table and takes the orders whose last status
change the sync observed (sync_status_history observed_at, the time the
event went out) at or after --since and before --until.

Options:
  --order ID      one order, by Tripster order id
  --since TIME    start of the range, inclusive: 2024-05-01 (midnight UTC)
                  or 2024-05-01T10:00:00Z or 2024-05-01T13:00:00+03:00
  --until TIME    end of the range, exclusive, in the same forms
  --status S      only orders whose current status is S
  --dry-run       list the events instead of publishing them
${commandFooter([...SYNC_CONFIG_KEYS], 'npx tripster-sync replay --since 2024-05-01T00:00:00Z --until 2024-05-02T00:00:00Z --status paid --dry-run')}`,

  async run(values, context) {
    const dryRun = values['dry-run'] === true;
    const orderText = stringOption(values, 'order');
    if (orderText !== undefined) {
      const orderId = readOrderId(orderText, values);
      const config = await readConfig(context);
      await replayOrder(orderId, dryRun, config, context);

      return EXIT_SUCCESS;
    }
    const range = readRange(values);
    const config = await readConfig(context);
    const matched = await replayRange(range, config, context);
    const verb = dryRun ? 'Would publish' : 'Published';
    context.io.stdout.write(`${verb} ${formatQuantity(matched, 'event')}.\n`);

    return EXIT_SUCCESS;
  },
};

async function readConfig(context: CommandContext): Promise<SyncConfig> {
  return readSyncConfig(await context.settings.resolve(SYNC_CONFIG_KEYS));
}

async function replayOrder(
  orderId: number,
  dryRun: boolean,
  config: SyncConfig,
  { io, clients }: CommandContext,
): Promise<void> {
  const reader = new OrderReader(clients.documents, config.ordersTableName);
  const item = await reader.get(orderId);
  if (item === undefined) {
    throw new CommandError(
      `Order ${orderId} is not in table ${config.ordersTableName}.`,
    );
  }
  const replay = buildReplay(item, eventContextOf(config));
  if (!dryRun) {
    await createPublisher(clients, config).publish([replay.event]);
  }
  io.stdout.write(
    `${dryRun ? 'Would publish' : 'Published'} ${describeReplay(replay)}\n`,
  );
}

function readOrderId(text: string, values: OptionValues): number {
  if (
    values.since !== undefined ||
    values.until !== undefined ||
    values.status !== undefined
  ) {
    throw new UsageError(
      '--order takes no --since, --until or --status. Run: tripster-sync replay --help',
    );
  }
  const id = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError(
      `--order is invalid: ${JSON.stringify(text)}. Give a Tripster order id like 123457.`,
    );
  }

  return id;
}

function readRange(values: OptionValues): ReplayRange {
  const since = stringOption(values, 'since');
  const until = stringOption(values, 'until');
  if (since === undefined || until === undefined) {
    throw new UsageError(
      'replay needs --order ID, or --since and --until. Run: tripster-sync replay --help',
    );
  }
  const sinceMs = readInstant('--since', since);
  const untilMs = readInstant('--until', until);
  if (sinceMs >= untilMs) {
    throw new UsageError(`--since ${since} is not before --until ${until}.`);
  }

  return {
    sinceMs,
    untilMs,
    status: stringOption(values, 'status'),
    dryRun: values['dry-run'] === true,
  };
}
