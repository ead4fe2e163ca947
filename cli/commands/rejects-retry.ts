import { CheckpointStore } from '../../lambda/stores/checkpoint-store';
import {
  RejectedRecordAdmin,
  type StoredRejectedRecord,
} from '../../lambda/stores/rejected-record-admin';
import { type Command, type CommandContext, stringOption } from '../command';
import {
  CommandError,
  EXIT_FAILURE,
  EXIT_SUCCESS,
  UsageError,
} from '../errors';
import { commandFooter } from '../help';
import { readSyncConfig, SYNC_CONFIG_KEYS } from '../settings/values';
import { pageProcessorDeps } from '../sync-context';
import { formatCount, writeText } from '../terminal/output';
import { createProgress } from '../terminal/progress';
import { RecordRetry } from './record-retry';

export const rejectsRetryCommand: Command = {
  name: 'rejects retry',
  summary: 'Validate set-aside records again and store the valid ones',
  options: { key: { type: 'string' }, all: { type: 'boolean' } },
  help: `Usage: tripster-sync rejects retry (--key KEY | --all)

Reads the raw JSON of set-aside records, validates it again and puts each
valid record through the function's page processing: the order is stored
and its events published as a run would, then the set-aside record is
deleted. A record that still fails stays, with its new reason, and its
rejection count grows by one. A record whose order the function has
stored since it was set aside is out of date and is deleted. Exits with 1
when any record stays.

Options:
  --key KEY  one record, by the key that rejects list shows
  --all      every set-aside record
${commandFooter([...SYNC_CONFIG_KEYS], 'npx tripster-sync rejects retry --all')}`,

  async run(values, context) {
    const key = stringOption(values, 'key');
    if ((key === undefined) === (values.all !== true)) {
      throw new UsageError(
        'rejects retry needs either --key KEY or --all. Run: tripster-sync rejects retry --help',
      );
    }
    const config = readSyncConfig(
      await context.settings.resolve(SYNC_CONFIG_KEYS),
    );
    const { clients, io } = context;
    const admin = new RejectedRecordAdmin(
      clients.documents,
      config.rejectedRecordsTableName,
    );
    const checkpoint = await new CheckpointStore(
      clients.ssm,
      config.checkpointParameterName,
    ).load();
    const retry = new RecordRetry(
      config,
      checkpoint,
      pageProcessorDeps(clients, config),
      admin,
      io.now(),
    );

    const records =
      key === undefined
        ? admin.list()
        : oneRecord(admin, key, config.rejectedRecordsTableName);
    const keptCount = await retryAll(records, retry, context);

    return keptCount > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
  },
};

async function* oneRecord(
  admin: RejectedRecordAdmin,
  key: string,
  table: string,
): AsyncGenerator<StoredRejectedRecord[]> {
  const record = await admin.get(key);
  if (record === undefined) {
    throw new CommandError(
      `No set-aside record has the key ${key} in ${table}.`,
    );
  }
  yield [record];
}

/** Retries every record, prints each outcome and returns how many stay. */
async function retryAll(
  pages: AsyncIterable<StoredRejectedRecord[]>,
  retry: RecordRetry,
  { io }: CommandContext,
): Promise<number> {
  const progress = createProgress(io.stderr);
  let storedCount = 0;
  let keptCount = 0;
  let clearedCount = 0;
  for await (const page of pages) {
    for (const record of page) {
      const outcome = await retry.retry(record);
      progress.clear();
      if (outcome.outcome === 'stored') {
        storedCount++;
        await writeText(
          io.stdout,
          `${record.record_key}: stored order ${outcome.orderId} (${outcome.result})\n`,
        );
      } else if (outcome.outcome === 'cleared') {
        clearedCount++;
        await writeText(
          io.stdout,
          `${record.record_key}: deleted, because ${outcome.reason}\n`,
        );
      } else {
        keptCount++;
        await writeText(
          io.stdout,
          `${record.record_key}: kept, because ${outcome.reason}\n`,
        );
      }
      progress.update(
        `Retried ${formatCount(storedCount + keptCount + clearedCount)} records`,
      );
    }
  }
  progress.clear();
  io.stdout.write(
    `Stored ${formatCount(storedCount)}, deleted ${formatCount(clearedCount)} out of date, kept ${formatCount(keptCount)}.\n`,
  );

  return keptCount;
}
