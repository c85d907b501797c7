import type { ExtractedValue, PersonName } from './extracted-fields.ts';
import { type Candidate, type LabelHit, bestCandidate, findLabelled } from './labels.ts';
import { parsePersonName } from './person-name.ts';
import { type PageText, evidenceFor, unionBox } from './word-spans.ts';

/**
 * The patient's name, read only where the page says it is the patient's: after "Patient name:",
 * "Patient:", "Baby:", "Name:" at the start of a line or a letter's "Re:" line; from a form's
 * separate surname and forename boxes; and, only when none of those exist, from the address
 * block of a letter written to the patient. A name anywhere else (the GP, the author, a mother,
 * a relative on a cc line) is never taken for the patient's.
 */

/** How far above "Dear Mr X" the address block's name line may be. */
const ADDRESS_BLOCK_LINES = 15;

interface NameRule {
  label: RegExp;
  priority: number;
  penalty: number;
  /** Only when the label starts its line (after an optional "Patient"/"Full"). */
  lineStart?: boolean;
  /** "Re: Hip replacement" is a subject line: require a title or a capitalised family name. */
  needsTitleOrCaps?: boolean;
}

const RULES: NameRule[] = [
  { label: /\bPatient(?:'s)?\s*(?:full\s*)?name\b/gi, priority: 5, penalty: 0 },
  { label: /\bPatient\b(?=\s*:)/gi, priority: 4, penalty: 0 },
  { label: /\b(?:Baby|Infant|Child|Client|Resident|Service\s*user)\b(?=\s*:)/gi, priority: 4, penalty: 0 },
  { label: /\b(?:Full\s*)?Name\b(?=\s*:)/gi, priority: 3, penalty: 5, lineStart: true },
  { label: /\bRe\b(?=\s*:)|^RE\b(?=\s)/gm, priority: 2, penalty: 10, needsTitleOrCaps: true },
];

function startsLine(hit: LabelHit): boolean {
  const before = hit.pageText.text.slice(hit.line.start, hit.labelStart);
  return /^\s*(?:patient(?:'s)?|full)?\s*$/i.test(before);
}

function nameKey(name: PersonName): string {
  return `${name.family.toLowerCase()}|${(name.given[0] ?? '').toLowerCase()}`;
}

function labelledNames(pageTexts: PageText[]): Candidate<PersonName>[] {
  const found: Candidate<PersonName>[] = [];
  for (const rule of RULES) {
    for (const hit of findLabelled(pageTexts, rule.label)) {
      if (rule.lineStart && !startsLine(hit)) continue;
      const parsed = parsePersonName(hit.value);
      if (!parsed) continue;
      if (rule.needsTitleOrCaps && !parsed.hasTitle && !parsed.capitalisedFamily) continue;
      const evidence = evidenceFor(hit.pageText, hit.valueStart, hit.valueStart + parsed.length);
      if (!evidence) continue;
      found.push({
        value: parsed.name,
        key: nameKey(parsed.name),
        evidence,
        priority: rule.priority,
        label: hit.label,
        confidencePenalty: rule.penalty,
      });
    }
  }
  return found;
}

const NAME_WORDS = /^\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)*/u;

/** Forms that ask separately: "Surname: SMITH" and "Forename(s): Jane", colon or not (boxed forms, LG cards). */
function formNames(pageTexts: PageText[]): Candidate<PersonName>[] {
  const surnames = findLabelled(
    pageTexts,
    /\b(?:Patient'?s\s+)?(?:Surname(?:\s*\/\s*family\s*name)?|Family\s*name|Last\s*name)\b(?=\s*:?\s*\p{Lu})/giu,
  );
  const forenames = findLabelled(
    pageTexts,
    /\b(?:Patient'?s\s+)?(?:Forenames?|Forename\(s\)|First\s*names?|Given\s*names?|Christian\s*names?)(?=\s*:?\s*\p{Lu})/giu,
  );
  const found: Candidate<PersonName>[] = [];
  for (const surname of surnames) {
    const family = /^\p{Lu}[\p{L}'’-]+/u.exec(surname.value)?.[0];
    const forename = forenames
      .filter((hit) => hit.pageText === surname.pageText)
      .sort((a, b) => Math.abs(a.labelStart - surname.labelStart) - Math.abs(b.labelStart - surname.labelStart))[0];
    if (!family || !forename) continue;
    const parsed = parsePersonName(`${NAME_WORDS.exec(forename.value)?.[0] ?? ''} ${family}`);
    const given = parsed?.name.given.join(' ');
    if (!parsed || !given) continue;
    const familyEvidence = evidenceFor(surname.pageText, surname.valueStart, surname.valueStart + family.length);
    const givenEvidence = evidenceFor(forename.pageText, forename.valueStart, forename.valueStart + given.length);
    if (!familyEvidence || !givenEvidence) continue;
    const name: PersonName = { given: parsed.name.given, family, text: `${given} ${family}` };
    found.push({
      value: name,
      key: nameKey(name),
      evidence: {
        raw: `${givenEvidence.raw} ${familyEvidence.raw}`,
        confidence: Math.min(familyEvidence.confidence, givenEvidence.confidence),
        foundAt: { page: surname.pageText.page, bbox: unionBox([familyEvidence.foundAt.bbox, givenEvidence.foundAt.bbox]) },
      },
      priority: 5,
      label: `${surname.label} / ${forename.label}`,
    });
  }
  return found;
}

/**
 * A letter written to the patient ("Dear Mr Bradwell") with no "Patient:" label: the patient
 * is the addressee whose name heads the address block. Weaker evidence, so lower confidence;
 * a letter to a doctor ("Dear Dr …") never qualifies.
 */
function addresseeNames(pageTexts: PageText[]): Candidate<PersonName>[] {
  const found: Candidate<PersonName>[] = [];
  for (const pageText of pageTexts) {
    for (const line of pageText.lines) {
      const salutation = /^Dear\s+(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+(\p{Lu}[\p{L}'’-]+)/u.exec(line.text);
      if (!salutation) continue;
      for (const above of pageText.lines.slice(Math.max(0, line.index - ADDRESS_BLOCK_LINES), line.index)) {
        const parsed = parsePersonName(above.text);
        if (!parsed?.hasTitle || parsed.name.family.toLowerCase() !== salutation[1].toLowerCase()) continue;
        if (/^(?:Dr|Doctor|Prof)/i.test(above.text.trim())) continue;
        const evidence = evidenceFor(pageText, above.start, above.start + parsed.length);
        if (evidence) {
          found.push({ value: parsed.name, key: nameKey(parsed.name), evidence, priority: 1, label: 'addressee', confidencePenalty: 20 });
        }
        break;
      }
    }
  }
  return found;
}

export function extractPatientName(pageTexts: PageText[]): ExtractedValue<PersonName> | undefined {
  const labelled = [...labelledNames(pageTexts), ...formNames(pageTexts)];
  return bestCandidate(labelled.length > 0 ? labelled : addresseeNames(pageTexts));
}
