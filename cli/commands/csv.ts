import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { stringifyExactJson } from '../../lambda/json';

/**
 * Formats values as CSV cells (RFC 4180): a cell with a comma, a double
 * quote, a carriage return or a line feed is quoted, with its quotes
 * doubled. Rows end with CRLF.
 */
export const CSV_ROW_END = '\r\n';

/**
 * Characters that make a spreadsheet read a text cell as a formula. Such
 * a cell gets a leading single quote, so `=HYPERLINK(...)` in a
 * description shows as text instead of running. Numbers are left alone,
 * so a negative amount stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}${CSV_ROW_END}`;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number' || value instanceof NumberValue) {
    // The digits as stored, so 1234.5 stays exactly that.
    return value.toString();
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  const text = typeof value === 'string' ? value : stringifyExactJson(value);

  return quote(FORMULA_START.test(text) ? `'${text}` : text);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
