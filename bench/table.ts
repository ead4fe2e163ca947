/**
 * Formats rows as a plain-text table, columns two spaces apart, a rule
 * under the header. `align` has one letter per column, `l` or `r`; by
 * default the first column is left-aligned and the others right-aligned.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align = 'l',
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const left = (align[column] ?? 'r') === 'l';
        return left ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');

  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

export function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(0);
}
