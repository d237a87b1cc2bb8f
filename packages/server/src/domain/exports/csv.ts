/**
 * CSV as RFC 4180 has it (comma, CRLF, quotes doubled inside quoted cells), made safe to open in a
 * spreadsheet: a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`,
 * so a ticket type named `=HYPERLINK(...)` shows as text instead of running (CSV injection); a cell
 * with a `;` is quoted too, since a Dutch spreadsheet splits cells on it.
 */
export function csvCell(value: string | number | null | undefined) {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]) {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A file name from an event name: "Night of Tests" -> "night-of-tests". */
export const slug = (name: string) =>
  name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'event';
