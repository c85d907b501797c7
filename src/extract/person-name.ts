import type { PersonName } from './extracted-fields.ts';

/**
 * Reading a person's name out of a label's value: "Mrs Jane A. SMITH, DOB 01/02/1950" gives
 * title Mrs, given [Jane, A], family SMITH. UK letters often capitalise the family name, which
 * settles which part it is; otherwise the last word is the family name. "SMITH, Jane" (family
 * first, comma) is understood too. Anything that does not look like a name gives undefined.
 */

export const TITLES = [
  'Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Master', 'Dr', 'Doctor', 'Prof', 'Professor', 'Rev', 'Revd', 'Sir',
  'Dame', 'Lady', 'Lord', 'Sister', 'Nurse',
];
const TITLE = new RegExp(`^(?:${TITLES.join('|')})\\.?$`, 'i');
const PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'della', 'la', 'le', 'di', 'du', 'bin', 'binti', 'al', 'ap', 'ter', 'den', 'der', 'st']);
/** Post-nominal letters after a clinician's name. */
export const POST_NOMINAL =
  /^(?:FRCS(?:\([A-Za-z&]+\))?|FRCP|MRCP|FRCR|FRCA|FRCOG|MRCOG|FRCPath|FRCPsych|MRCPsych|MRCS|MRCGP|FRCGP|MBBS|MBChB|MB|ChB|BM|BS|BCh|MD|PhD|MSc|BSc|DM|FRCPCH|MRCPCH|FRCEM|RGN|RN|RMN|NMP|FHEA|FRCOphth|MA|DPhil|MS|MCh|FEBU|FFICM)[,.]?$/;
// Letters of any alphabet (Zoë, Adeyémi): names are not all ASCII.
const NAME_WORD = /^\p{Lu}[\p{L}'’-]*$/u;
const INITIAL = /^[A-Z]\.?$/;
/** Words that start what follows a name on the same line. */
const STOP_WORDS =
  /\b(?:DOB|D\.O\.B|NHS|Hospital|Hosp|MRN|born|aged|Address|Date|Sex|Gender|Consultant|GP|Tel)\b/;

export interface ParsedName {
  name: PersonName;
  /** Characters of the input the name took (from its start), for the evidence box. */
  length: number;
  hasTitle: boolean;
  capitalisedFamily: boolean;
}

/** "SMITH", "O'NEILL", "SMITH-JONES"; not an initial ("A.") */
function isAllCaps(word: string): boolean {
  return /^[A-Z][A-Z'’-]+$/.test(word);
}

/** Where the label before the first colon starts: "Okoro Allergies:" → "Allergies", "Smith Date of birth:" → "Date". */
function nextLabelStart(text: string): number | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const words = [...text.slice(0, colon).matchAll(/\S+/g)];
  let index = words.length - 1;
  // Walk back over the label's lower-case tail ("of birth") and "No"/"Number" to its capitalised first word.
  while (index > 0 && (/^\p{Ll}/u.test(words[index][0]) || /^(?:No\.?|Number)$/.test(words[index][0]))) index--;
  return index >= 0 ? words[index].index : undefined;
}

/** A value runs until the next field on its line: "DOB …", "Sex: M", "Hospital No …". */
function beforeNextField(text: string): string {
  const stop = STOP_WORDS.exec(text);
  const span = stop ? text.slice(0, stop.index) : text;
  const label = nextLabelStart(span);
  return label === undefined ? span : span.slice(0, label);
}

/** The part of a value that can hold the name: up to a comma, bracket or digit. */
function nameSpan(text: string): string {
  let span = text;
  const cut = /[,(;|\d:/]| - /.exec(span);
  if (cut) span = span.slice(0, cut.index);
  return span.trimEnd();
}

function splitName(words: string[], familyFirst: boolean): { given: string[]; family: string; capitalised: boolean } {
  if (familyFirst) {
    const [family, ...given] = words;
    return { family, given: given.map((word) => word.replace(/\.$/, '')), capitalised: isAllCaps(family) };
  }
  const caps = words.map(isAllCaps);
  const mixed = caps.some(Boolean) && !caps.every(Boolean);
  let familyStart: number;
  if (mixed) {
    // Family name = the last run of capitalised words ("Jane VAN DER BERG").
    familyStart = caps.lastIndexOf(true);
    while (familyStart > 0 && (caps[familyStart - 1] || PARTICLES.has(words[familyStart - 1].toLowerCase()))) familyStart--;
  } else {
    familyStart = words.length - 1;
    while (familyStart > 0 && PARTICLES.has(words[familyStart - 1].toLowerCase())) familyStart--;
  }
  const family = words.slice(familyStart).join(' ');
  const given = words.slice(0, familyStart).map((word) => word.replace(/\.$/, ''));
  return { family, given, capitalised: mixed };
}

export function parsePersonName(text: string): ParsedName | undefined {
  const leading = /^\s*/.exec(text)?.[0].length ?? 0;
  const body = beforeNextField(text.slice(leading));
  // "SMITH, Jane Anne": a capitalised family name, a comma, then given names.
  const familyFirst = /^([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+)*), ((?:[A-Z][a-z'’-]+|[A-Z]\.?)(?: (?:[A-Z][a-z'’-]+|[A-Z]\.?))*)/.exec(
    body,
  );
  const span = familyFirst ? familyFirst[0] : nameSpan(body);
  const words = (familyFirst ? `${familyFirst[1]} ${familyFirst[2]}` : span).split(/\s+/).filter((w) => w !== '');
  let hasTitle = false;
  while (words.length > 0 && TITLE.test(words[0])) {
    words.shift();
    hasTitle = true;
  }
  while (words.length > 0 && POST_NOMINAL.test(words[words.length - 1])) words.pop();
  if (words.length === 0 || words.length > 5) return undefined;
  if (words.length === 1 && !hasTitle) return undefined;
  const valid = words.every(
    (word, index) => NAME_WORD.test(word) || INITIAL.test(word) || (index > 0 && PARTICLES.has(word.toLowerCase())),
  );
  if (!valid || INITIAL.test(words[words.length - 1]) && !familyFirst) return undefined;
  const split = splitName(words, Boolean(familyFirst));
  if (split.family === '' || INITIAL.test(split.family)) return undefined;
  const written = span.trim();
  return {
    name: { given: split.given, family: split.family, text: written },
    length: leading + span.trimEnd().length,
    hasTitle,
    capitalisedFamily: split.capitalised,
  };
}
