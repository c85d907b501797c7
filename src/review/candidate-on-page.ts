import { findDates } from '../extract/date-parse.ts';
import { normaliseNamePart } from '../matching/name-agreement.ts';
import type { IndexedPatient } from '../matching/patient-index.ts';

/**
 * Which of an index entry's identifiers the document itself shows, read from its OCR text. A
 * candidate suggested by the index is only a suggestion: before a document is filed to one, the
 * page must show the candidate's family name and at least one identifier that is theirs alone
 * enough to tell two people of that name apart (date of birth, NHS number or hospital number).
 * So a click on the wrong row of a list cannot file a letter about someone else.
 *
 * Comparison is exact after normalising: names as names are compared elsewhere (case, accents,
 * hyphens and apostrophes, but whole words only: "Smith" is not found in "Smithson" or
 * "Smith-Jones"); numbers with any spaces or hyphens between digits; dates in the forms letters
 * write them (12/06/1939, 12-6-39, 12.06.1939, 12 June 1939, 12th Jun 1939, June 12, 1939,
 * 1939-06-12). Nothing is fuzzy: a misread page sends the reviewer back to typing.
 */

export type PageIdentifier = 'nhsNumber' | 'family' | 'given' | 'birthDate' | 'mrn';

export interface PageEvidence {
  /** The candidate's identifiers found on the page, in this order: nhsNumber, family, given, birthDate, mrn. */
  onPage: PageIdentifier[];
  /** The family name and at least one of date of birth, NHS number or hospital number. */
  shown: boolean;
}

/** The longest family name looked for across words: "de la Cruz", "Van der Berg". */
const MAX_NAME_WORDS = 4;

export function candidateOnPage(patient: Pick<IndexedPatient, 'nhsNumber' | 'given' | 'family' | 'birthDate' | 'mrns'>, pageText: string): PageEvidence {
  const words = pageText.split(/\s+/).map(normaliseNamePart).filter((word) => word !== '');
  const found: Record<PageIdentifier, boolean> = {
    nhsNumber: /^\d{10}$/.test(patient.nhsNumber) && digitsOnPage(patient.nhsNumber, pageText),
    family: nameOnPage(patient.family, words),
    given: patient.given.length > 0 && nameOnPage(patient.given[0], words),
    birthDate: /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate) && dateOnPage(patient.birthDate, pageText),
    mrn: patient.mrns.some((mrn) => mrnOnPage(mrn, pageText)),
  };
  const onPage = (['nhsNumber', 'family', 'given', 'birthDate', 'mrn'] as const).filter((part) => found[part]);
  return { onPage, shown: found.family && (found.birthDate || found.nhsNumber || found.mrn) };
}

/** A name as one to MAX_NAME_WORDS consecutive words of the page ("Smith Jones" for "Smith-Jones"). */
function nameOnPage(name: string, words: string[]): boolean {
  const wanted = normaliseNamePart(name);
  if (wanted === '') return false;
  for (let start = 0; start < words.length; start++) {
    let joined = '';
    for (let end = start; end < Math.min(words.length, start + MAX_NAME_WORDS); end++) {
      joined += words[end];
      if (joined === wanted) return true;
      if (!wanted.startsWith(joined)) break;
    }
  }
  return false;
}

/** The digits in order, with spaces or hyphens allowed between them, and no digit either side. */
function digitsOnPage(digits: string, pageText: string): boolean {
  const pattern = [...digits].join('[\\s-]*');
  return new RegExp(`(?<!\\d)${pattern}(?!\\d)`).test(pageText);
}

/** A hospital number with any spacing, in any case ("nb 441 7203" for NB4417203), not inside a longer one. */
function mrnOnPage(mrn: string, pageText: string): boolean {
  const characters = [...mrn.replace(/\s/g, '')].map((character) => character.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  if (characters.length === 0) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${characters.join('\\s*')}(?![\\p{L}\\p{N}])`, 'iu').test(pageText);
}

function dateOnPage(iso: string, pageText: string): boolean {
  const [year, month, day] = iso.split('-').map(Number);
  // Written-out months and four-digit years, read by the same rules as extraction.
  const today = new Date().toISOString().slice(0, 10);
  if (findDates(pageText, 'birth', today).some((token) => token.iso === iso)) return true;
  if (new RegExp(`(?<!\\d)${iso}(?!\\d)`).test(pageText)) return true;
  // Day first with a two-digit year (12/06/39): the century is the candidate's, only the digits are compared.
  const numeric = /(?<![\d/.-])(\d{1,2}) ?([/.\- ]) ?(\d{1,2}) ?\2 ?(\d{2}|\d{4})(?![\d/.-]?\d)/g;
  for (const match of pageText.matchAll(numeric)) {
    const writtenYear = match[4].length === 2 ? year % 100 : year;
    if (Number(match[1]) === day && Number(match[3]) === month && Number(match[4]) === writtenYear) return true;
  }
  return false;
}
