/** Plain-text table: numbers right-aligned, the first column and any `leftAligned` ones left-aligned. */
export function formatTable(header: string[], rows: string[][], leftAligned: number[] = []): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string =>
    row.map((cell, column) => (column === 0 || leftAligned.includes(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const percent = (value: number | undefined, digits = 1): string =>
  value === undefined ? '–' : `${(value * 100).toFixed(digits)}`;

export const fixed = (value: number | undefined, digits = 1): string => (value === undefined ? '–' : value.toFixed(digits));
