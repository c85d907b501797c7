/**
 * Dates as UK clinical documents write them. The rule is day first: 01/02/1950 is 1 February.
 * A numeric date whose "month" is over 12 (02/13/1950, US style) is refused, never swapped —
 * a swapped birth date would match the wrong patient.
 */

export type DateKind = 'birth' | 'document';

export interface DateToken {
  start: number;
  end: number;
  raw: string;
  /** YYYY-MM-DD when the text is a real, unambiguous date. */
  iso?: string;
  /** Why a date-looking text was not accepted. */
  refused?: string;
  /** The year was written with two digits and had to be resolved. */
  twoDigitYear: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

const MONTH_NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

// 01/02/1950, 1-2-50, 01.02.1950; the two separators must agree. OCR sometimes spaces them.
const NUMERIC = /(?<![\d/.-])(\d{1,2}) ?([/.-]) ?(\d{1,2}) ?\2 ?(\d{4}|\d{2})(?![\d/.-]?\d)/g;
// 1 Feb 1950, 01-FEB-1950, 1st February 1950, 3 March, 2025
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)?[ .-]*(?:of )?${MONTH_NAME}\\.?[ .,-]*(\\d{4}|\\d{2})(?!\\d)`,
  'gi',
);
// February 1, 1950 (month first is unambiguous when the month is a word)
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH_NAME}\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})(?!\\d)`, 'gi');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addYears(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}

/**
 * A two-digit year. A birth date takes the century only when just one century gives a
 * plausible age (0–120 on the reference date): "50" is 1950, "15" (1915 or 2015) is refused.
 * A document date takes the latest century not in the future.
 */
function resolveCentury(yy: number, month: number, day: number, kind: DateKind, referenceDate: string): number | string {
  const candidates = [1900 + yy, 2000 + yy].filter((year) => day <= daysInMonth(year, month));
  const notFuture = candidates.filter((year) => isoOf(year, month, day) <= referenceDate);
  if (kind === 'document') return notFuture.length > 0 ? Math.max(...notFuture) : 'two-digit year in the future';
  const plausible = notFuture.filter((year) => addYears(isoOf(year, month, day), 120) >= referenceDate);
  if (plausible.length === 1) return plausible[0];
  return 'two-digit year could be either century';
}

function buildToken(
  start: number,
  raw: string,
  day: number,
  month: number,
  yearText: string,
  kind: DateKind,
  referenceDate: string,
): DateToken {
  const token: DateToken = { start, end: start + raw.length, raw, twoDigitYear: yearText.length === 2 };
  if (month < 1 || month > 12) return { ...token, refused: 'month over 12: UK dates are day first' };
  let year = Number(yearText);
  if (token.twoDigitYear) {
    const resolved = resolveCentury(year, month, day, kind, referenceDate);
    if (typeof resolved === 'string') return { ...token, refused: resolved };
    year = resolved;
  }
  if (day < 1 || day > daysInMonth(year, month)) return { ...token, refused: 'no such day' };
  if (year < 1880) return { ...token, refused: 'year before 1880' };
  const iso = isoOf(year, month, day);
  if (iso > referenceDate) return { ...token, refused: 'date in the future' };
  if (kind === 'birth' && addYears(iso, 125) < referenceDate) return { ...token, refused: 'implausible age' };
  return { ...token, iso };
}

/** Every date-looking text in `text`, accepted or refused, in order of position. */
export function findDates(text: string, kind: DateKind, referenceDate: string): DateToken[] {
  const tokens: DateToken[] = [];
  for (const match of text.matchAll(NUMERIC)) {
    const [raw, day, , month, year] = match;
    tokens.push(buildToken(match.index ?? 0, raw, Number(day), Number(month), year, kind, referenceDate));
  }
  for (const match of text.matchAll(DAY_MONTH_YEAR)) {
    const [raw, day, monthName, year] = match;
    tokens.push(buildToken(match.index ?? 0, raw, Number(day), MONTHS[monthName.toLowerCase()], year, kind, referenceDate));
  }
  for (const match of text.matchAll(MONTH_DAY_YEAR)) {
    const [raw, monthName, day, year] = match;
    tokens.push(buildToken(match.index ?? 0, raw, Number(day), MONTHS[monthName.toLowerCase()], year, kind, referenceDate));
  }
  return tokens
    .sort((a, b) => a.start - b.start)
    .filter((token, index, sorted) => index === 0 || token.start >= sorted[index - 1].end);
}

/** The date a value begins with (after spaces and punctuation), or undefined. */
export function dateAtStart(text: string, kind: DateKind, referenceDate: string): DateToken | undefined {
  const lead = /^[\s:;.,-]*/.exec(text)?.[0].length ?? 0;
  const first = findDates(text, kind, referenceDate)[0];
  return first && first.start === lead ? first : undefined;
}
