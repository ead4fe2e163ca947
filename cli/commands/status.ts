import { CheckpointStore } from '../../lambda/stores/checkpoint-store';
import { OrderReader } from '../../lambda/stores/order-reader';
import { RejectedRecordAdmin } from '../../lambda/stores/rejected-record-admin';
import type { Command } from '../command';
import { EXIT_SUCCESS } from '../errors';
import { commandFooter } from '../help';
import { readTimeZone, required } from '../settings/values';
import { formatStatus } from './status-format';
import { describeFeeds, type StatusReport } from './status-report';

const SETTINGS = [
  'CHECKPOINT_PARAMETER_NAME',
  'ORDERS_TABLE_NAME',
  'REJECTED_RECORDS_TABLE_NAME',
];

export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the checkpoint, the last run and the size of the tables',
  options: { json: { type: 'boolean' } },
  help: `Usage: tripster-sync status [--json]

Shows the checkpoint cursor of each feed (source time), its age and any
resume point, then the summary of the last run that saved the checkpoint,
the approximate number of orders and the number of set-aside records. A run
that fails saves no summary, so look for it in the function's alarms and
logs.

The order count is DescribeTable's ItemCount, which AWS updates about every
six hours, so it is approximate.

Options:
  --json  print one JSON object instead of text
${commandFooter([...SETTINGS, 'SOURCE_TIME_ZONE'], 'npx tripster-sync status')}`,

  async run(values, { io, settings, clients }) {
    const resolved = await settings.resolve(SETTINGS);
    const timeZone = readTimeZone(resolved);
    const checkpointName = required(resolved, 'CHECKPOINT_PARAMETER_NAME');
    const ordersTable = required(resolved, 'ORDERS_TABLE_NAME');
    const rejectsTable = required(resolved, 'REJECTED_RECORDS_TABLE_NAME');

    // The three reads are independent, so they run at once.
    const [checkpoint, approximateCount, rejectedCount] = await Promise.all([
      new CheckpointStore(clients.ssm, checkpointName).load(),
      new OrderReader(clients.documents, ordersTable).approximateItemCount(),
      new RejectedRecordAdmin(clients.documents, rejectsTable).count(),
    ]);
    const now = io.now();
    const report: StatusReport = {
      checkpoint_parameter: checkpointName,
      source_time_zone: timeZone,
      feeds: describeFeeds(checkpoint, timeZone, now),
      last_run: checkpoint.last_run ?? null,
      orders: {
        table: ordersTable,
        approximate_count: approximateCount ?? null,
      },
      rejected_records: { table: rejectsTable, count: rejectedCount },
    };

    io.stdout.write(
      values.json === true
        ? `${JSON.stringify(report, null, 2)}\n`
        : formatStatus(report, now),
    );

    return EXIT_SUCCESS;
  },
};
