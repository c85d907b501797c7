/**
 * The national Lloyd George file name convention, as the National Document Repository's bulk
 * upload checks it:
 *
 *   <part>of<total>_Lloyd_George_Record_[<patient name>]_[<NHS number>]_[<DD-MM-YYYY>].pdf
 *
 * e.g. `1of1_Lloyd_George_Record_[Jane Smith]_[9990123470]_[01-02-1950].pdf`. The name part may
 * hold only letters (A–Z and the accented Latin letters À–ž), spaces, hyphens and apostrophes;
 * Recto writes given names then family name, as the convention's examples do, and removes any
 * other character (brackets, dots, slashes, digits...) so the name stays parseable and is a
 * legal file name on every system. Parts are numbered without leading zeros ("1of1", not
 * "01of01", which the repository corrects).
 */

/** The characters the repository's file name check accepts inside the [name] brackets. */
const NOT_ALLOWED_IN_NAME = /[^\-'A-Za-z\u00C0-\u017E\u0300-\u036F ]/g;

export function lloydGeorgeNamePart(given: string[], family: string): string {
  return [...given, family]
    .join(' ')
    .normalize('NFC')
    // Typographic apostrophes and dashes become the plain ones the convention allows.
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[\s_]+/g, ' ')
    .replace(NOT_ALLOWED_IN_NAME, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export interface LloydGeorgeFileNameInput {
  given: string[];
  family: string;
  nhsNumber: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  part?: number;
  totalParts?: number;
}

/** The file name, or null when the patient's name has no letters the convention allows. */
export function lloydGeorgeFileName(input: LloydGeorgeFileNameInput): string | null {
  const name = lloydGeorgeNamePart(input.given, input.family);
  if (!/[A-Za-z\u00C0-\u017E]/.test(name)) return null;
  const [year, month, day] = input.birthDate.split('-');
  const part = input.part ?? 1;
  const total = input.totalParts ?? 1;
  return `${part}of${total}_Lloyd_George_Record_[${name}]_[${input.nhsNumber}]_[${day}-${month}-${year}].pdf`;
}
