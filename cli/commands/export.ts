import { stringifyExactJson } from '../../lambda/json';
import { OrderReader, type StoredItem } from '../../lambda/stores/order-reader';
import { type Command, stringOption } from '../command';
import { readDay } from '../dates';
import { EXIT_SUCCESS, UsageError } from '../errors';
import { commandFooter } from '../help';
import { orderedApiFields } from '../order-fields';
import { required } from '../settings/values';
import { formatCount, writeText } from '../terminal/output';
import { createProgress } from '../terminal/progress';
import { csvRow } from './csv';
import { ORDER_COLUMNS } from './export-columns';

type Format = 'csv' | 'jsonl';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write orders to standard output as CSV or JSON lines',
  options: {
    format: { type: 'string' },
    since: { type: 'string' },
    status: { type: 'string' },
  },
  help: `Usage: tripster-sync export --format csv|jsonl [--since YYYY-MM-DD] [--status S]

Writes the orders of the table to standard output, page by page, in
constant memory. Numbers are written with the digits the table holds, so
money stays exact.

CSV: a header row, then one row per order with the API's fields in the
order of its documentation. Country and utm_marks become country_name_en,
country_iso_code, utm_content, utm_source, utm_term, utm_medium and
utm_campaign. Cells are quoted as RFC 4180 says, and rows end with CRLF.
A text cell that starts with =, +, -, @, a tab or a carriage return gets a
leading single quote, so that a spreadsheet shows it as text instead of
running it as a formula. The file is UTF-8 without a byte order mark.

JSON lines: one JSON object per order with every API field, including
fields the CSV has no column for, and none of the sync's own attributes.

Options:
  --format F    csv or jsonl
  --since DATE  only orders with updated_at on or after this day (source time)
  --status S    only orders whose status is S
${commandFooter(['ORDERS_TABLE_NAME'], 'npx tripster-sync export --format csv --status paid > paid-orders.csv')}`,

  async run(values, { io, settings, clients }) {
    const format = readFormat(stringOption(values, 'format'));
    const sinceText = stringOption(values, 'since');
    const since =
      sinceText === undefined ? undefined : readDay('--since', sinceText);
    const resolved = await settings.resolve(['ORDERS_TABLE_NAME']);
    const reader = new OrderReader(
      clients.documents,
      required(resolved, 'ORDERS_TABLE_NAME'),
    );
    const progress = createProgress(io.stderr);

    if (format === 'csv') {
      await writeText(
        io.stdout,
        csvRow(ORDER_COLUMNS.map((column) => column.header)),
      );
    }
    let exported = 0;
    for await (const page of reader.scan({
      updatedSince: since,
      status: stringOption(values, 'status'),
    })) {
      for (const item of page.items) {
        await writeText(io.stdout, formatItem(item, format));
      }
      exported += page.items.length;
      progress.update(`Exported ${formatCount(exported)} orders`);
    }
    progress.clear();

    return EXIT_SUCCESS;
  },
};

function formatItem(item: StoredItem, format: Format): string {
  return format === 'csv'
    ? csvRow(ORDER_COLUMNS.map((column) => column.read(item)))
    : `${stringifyExactJson(orderedApiFields(item))}\n`;
}

function readFormat(value: string | undefined): Format {
  if (value !== 'csv' && value !== 'jsonl') {
    throw new UsageError(
      `--format is ${value === undefined ? 'missing' : `invalid: ${JSON.stringify(value)}`}. Give csv or jsonl.`,
    );
  }

  return value;
}
