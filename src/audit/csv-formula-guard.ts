/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one)
 * as a formula: an actor name or file name like `=HYPERLINK(...)` in an export would run
 * when an admin opens it. A leading apostrophe makes the cell plain text in Excel, LibreOffice
 * and Google Sheets, and shows what was there.
 *
 * (Audit's own copy until a shared src/core/csv-cell.ts exists.)
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
