import {
  RejectedRecordAdmin,
  type StoredRejectedRecord,
} from '../../lambda/stores/rejected-record-admin';
import type { Command } from '../command';
import { EXIT_SUCCESS } from '../errors';
import { commandFooter } from '../help';
import { required } from '../settings/values';
import { formatQuantity, writeText } from '../terminal/output';

export const rejectsListCommand: Command = {
  name: 'rejects list',
  summary: 'Show the records the sync set aside, with reasons and counts',
  options: { json: { type: 'boolean' } },
  help: `Usage: tripster-sync rejects list [--json]

Shows each record that failed validation and was set aside: its key, order
id, feed, reason, how many times it was rejected, and when first and last.

Options:
  --json  print one JSON object a line, with the record's raw JSON
${commandFooter(['REJECTED_RECORDS_TABLE_NAME'], 'npx tripster-sync rejects list')}`,

  async run(values, { io, settings, clients }) {
    const resolved = await settings.resolve(['REJECTED_RECORDS_TABLE_NAME']);
    const table = required(resolved, 'REJECTED_RECORDS_TABLE_NAME');
    const admin = new RejectedRecordAdmin(clients.documents, table);
    const json = values.json === true;
    let count = 0;
    for await (const page of admin.list()) {
      for (const record of page) {
        const text = json ? JSON.stringify(record) : describeRejected(record);
        await writeText(io.stdout, `${text}\n`);
        count++;
      }
    }
    if (!json) {
      io.stdout.write(
        count === 0
          ? `No set-aside records in ${table}.\n`
          : `${formatQuantity(count, 'set-aside record')} in ${table}. Retry them with: tripster-sync rejects retry --all\n`,
      );
    }

    return EXIT_SUCCESS;
  },
};

function describeRejected(record: StoredRejectedRecord): string {
  const order =
    record.order_id === null ? 'no order id' : `order ${record.order_id}`;
  const times =
    record.rejected_count === 1 ? 'once' : `${record.rejected_count} times`;
  const truncated = record.raw_truncated ? ' Its raw JSON was cut.' : '';

  return [
    `${record.record_key}  ${order}  feed ${record.feed}`,
    `  rejected ${times}, first ${record.first_rejected_at}, last ${record.last_rejected_at}.${truncated}`,
    `  reason: ${record.reason}`,
  ].join('\n');
}
