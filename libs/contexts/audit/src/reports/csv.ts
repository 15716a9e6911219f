export type CsvValue = string | number | boolean | null | undefined | readonly string[];

/** A CSV column: its header and how a row gives its cell. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

/**
 * Characters that make a spreadsheet read a cell as a formula (and tab and carriage return, which
 * some spreadsheets strip before looking): such a cell gets a leading single quote, so an id or a
 * name typed as `=HYPERLINK(...)` stays text when the auditor opens the export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, RFC 4180: lists joined with "; ", quoted when it holds a quote, comma or line break. */
export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row, then one line per row, CRLF-separated as RFC 4180 asks. */
export function toCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: readonly T[]): string {
  const lines = [
    columns.map((c) => csvCell(c.header)),
    ...rows.map((row) => columns.map((c) => csvCell(c.value(row)))),
  ];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
