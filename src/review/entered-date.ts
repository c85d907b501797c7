import { RectoError } from '../core/errors.ts';
import { type DateKind, findDates } from '../extract/date-parse.ts';

/**
 * A date as a reviewer types it, the UK way: day first (12/06/1939, 12-6-1939, 12.06.1939, or
 * the NHS date input's day, month and year joined with "/"), or already as YYYY-MM-DD. The same
 * rules as dates read off the page (date-parse.ts): a "month" over 12 is refused, never swapped,
 * and so are impossible, future or implausible dates. Unlike a scan, a person can write the year
 * in full, so a two-digit year is refused rather than guessed: a wrong century files the
 * document against the wrong date of birth.
 */
const DAY_FIRST = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d+)$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const WHAT: Record<DateKind, string> = { birth: 'date of birth', document: 'document date' };

/** YYYY-MM-DD for what the reviewer typed; BAD_REQUEST saying what is wrong otherwise. */
export function parseEnteredDate(text: string, kind: DateKind, today: string = new Date().toISOString().slice(0, 10)): string {
  const typed = text.trim();
  const refuse = (why: string) => new RectoError('BAD_REQUEST', `the ${WHAT[kind]} "${typed}" ${why}: enter it as day, month and year, for example 12/06/1939`);
  const iso = ISO.exec(typed);
  const parts = iso ? [iso[3], iso[2], iso[1]] : DAY_FIRST.exec(typed)?.slice(1);
  if (!parts) throw refuse('is not a date Recto can read');
  const [day, month, year] = parts;
  if (year.length !== 4) throw refuse('needs the year in full (four digits), so the century is not guessed');
  const token = findDates(`${day}/${month}/${year}`, kind, today)[0];
  if (!token?.iso) throw refuse(`cannot be right (${token?.refused ?? 'not a date'})`);
  return token.iso;
}
