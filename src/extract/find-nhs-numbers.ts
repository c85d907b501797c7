import { isValidNhsNumber } from '../core/nhs-number.ts';
import type { ExtractedValue, OtherPersonValue, UnreadableNhsNumber } from './extracted-fields.ts';
import type { ExtractionConfig } from './extraction-config.ts';
import { findLabelled } from './labels.ts';
import { type OtherPerson, otherPersonAt } from './other-person.ts';
import { type Evidence, type PageText, clampConfidence, evidenceFor, lineAt } from './word-spans.ts';

/**
 * NHS numbers. Precision matters more than recall here: a wrong number files a letter in
 * another person's record, a missed one only sends the letter to a person. So a number is
 * reported only when it passes the modulus 11 check AND its evidence is clean: after an
 * "NHS No" label, or written in the standard 3-3-4 / 10-digit form, standing alone (not part
 * of a longer digit run such as a phone number), with no other identifier's label before it.
 *
 * A number the page labels as someone else's (other-person.ts: "Mother's NHS Number") is kept
 * apart, never offered as the patient's. A labelled number that cannot be read reliably is kept
 * too, so matching sends the document to a person instead of silently ignoring it.
 */

/** OCR look-alikes the issue allows: O→0, l/I/|→1, S→5, B→8. */
const LOOK_ALIKES: Record<string, string> = { O: '0', o: '0', l: '1', I: '1', '|': '1', S: '5', s: '5', B: '8' };
const DIGITISH = '[0-9OolI|SsB]';
/** At most this many look-alikes may be replaced: more and the "number" is probably a word. */
const MAX_CORRECTIONS = 2;

const PENALTY = { unlabelledGrouped: 10, unlabelledRun: 15, corrected: 30 };

const NHS_LABEL = /\bNHS[\s.]*(?:(?:No|Number|Num|Nbr|N[o0º])\b\.?|#)?(?=[\s:.#-]*[0-9OolI|SsB])/gi;
/** Labels of other numbers; one of these before an unlabelled digit run means it is not an NHS number. */
const OTHER_NUMBER_CUE =
  /\b(?:tel(?:ephone)?|phone|fax|mob(?:ile)?|bleep|ext(?:ension)?|hospital|hosp|mrn|unit|case|ref(?:erence)?|lab|specimen|accession|order|account|a\/c|sort\s*code|invoice|barcode|chi|h\s*&\s*c|ni(?:no)?|pager|dect|contact)\b/gi;

interface NhsCandidate {
  digits: string;
  corrected: boolean;
  evidence: Evidence;
  priority: number;
  penalty: number;
  label?: string;
  /** Whose it is, when the page says it is someone else's. */
  who?: OtherPerson;
}

type NhsReading = { candidate: NhsCandidate } | { unreadable: UnreadableNhsNumber };

/** Replace look-alikes; undefined when the text is not a correctable 10-digit number. */
function toDigits(text: string, allowCorrections: boolean): { digits: string; corrected: boolean } | undefined {
  let corrections = 0;
  const digits = [...text]
    .map((char) => {
      if (/\d/.test(char)) return char;
      corrections++;
      return LOOK_ALIKES[char] ?? 'x';
    })
    .join('');
  if (!/^\d{10}$/.test(digits)) return undefined;
  if (corrections > 0 && (!allowCorrections || corrections > MAX_CORRECTIONS)) return undefined;
  return { digits, corrected: corrections > 0 };
}

function readCandidate(
  pageText: PageText,
  start: number,
  end: number,
  text: string,
  basePriority: number,
  penalty: number,
  config: ExtractionConfig,
  label?: string,
  who?: OtherPerson,
): NhsReading | undefined {
  const compact = text.replace(/[\s-]/g, '');
  const evidence = evidenceFor(pageText, start, end);
  if (!evidence) return undefined;
  const unreadable = (problem: UnreadableNhsNumber['problem'], value: string): NhsReading => ({
    unreadable: {
      value,
      raw: evidence.raw,
      confidence: clampConfidence(evidence.confidence),
      foundAt: evidence.foundAt,
      problem,
      ...(label ? { label } : {}),
      ...(who ? { who } : {}),
    },
  });
  const digitCount = compact.length;
  if (digitCount !== 10) return unreadable('not-ten-digits', compact);
  const converted = toDigits(compact, config.nhsNumberOcrCorrections);
  if (!converted) return unreadable('too-many-look-alikes', compact);
  if (!isValidNhsNumber(converted.digits)) return unreadable('fails-check', converted.digits);
  if (evidence.confidence < config.nhsNumberMinWordConfidence) return unreadable('low-confidence', converted.digits);
  return {
    candidate: {
      digits: converted.digits,
      corrected: converted.corrected,
      evidence,
      // An uncorrected sighting always outranks a corrected one of any kind.
      priority: basePriority + (converted.corrected ? 0 : 10),
      penalty: penalty + (converted.corrected ? PENALTY.corrected : 0),
      label,
      who,
    },
  };
}

/**
 * After "NHS No:", digits may be grouped any way (OCR splits words oddly) and may wrap onto the
 * next line. Nine to eleven digits after the label are a misread NHS number (reported as
 * unreadable); fewer are a fragment ("NHS 111"), more run into another number.
 */
function labelledReadings(pageTexts: PageText[], config: ExtractionConfig): NhsReading[] {
  const found: NhsReading[] = [];
  for (const hit of findLabelled(pageTexts, NHS_LABEL)) {
    const { pageText } = hit;
    const window = pageText.text.slice(hit.valueStart, hit.valueStart + 40);
    const kept: string[] = [];
    for (const match of window.matchAll(/([ \t-]*|\n)([^\s-]+)/gy)) {
      const [, separator, group] = match;
      // A number may wrap onto the next line, but a complete one does not take the next line's digits.
      if (separator === '\n' && kept.join('').length >= 10) break;
      // Every group must be mostly real digits: "Sl" or "B" alone is a word, not part of a number.
      if (!/^[0-9OolI|SsB]+$/.test(group) || group.replace(/\D/g, '').length * 2 < group.length) break;
      kept.push(group);
    }
    const digitCount = kept.join('').length;
    if (digitCount < 9 || digitCount > 11) continue;
    let end = hit.valueStart;
    for (const group of kept) end = pageText.text.indexOf(group, end) + group.length;
    const who = otherPersonAt(pageText, hit.line, hit.labelStart, NHS_LABEL);
    const reading = readCandidate(pageText, hit.valueStart, end, kept.join(''), 3, 0, config, hit.label, who);
    if (reading) found.push(reading);
  }
  return found;
}

function tokenBefore(text: string, at: number): string {
  return /(\S+)[ \t-]$/.exec(text.slice(Math.max(0, at - 16), at))?.[1] ?? '';
}

function tokenAfter(text: string, at: number): string {
  return /^[ \t-](\S+)/.exec(text.slice(at, at + 16))?.[1] ?? '';
}

/** True when an unlabelled run sits next to other digit groups (phone numbers, longer references). */
function joinsOtherDigits(pageText: PageText, start: number, end: number): boolean {
  const isDigitGroup = (token: string) => /^\+?\(?\d+\)?[.,]?$/.test(token);
  return isDigitGroup(tokenBefore(pageText.text, start)) || isDigitGroup(tokenAfter(pageText.text, end));
}

/** True when, on the same line, another identifier's label ("Tel", "Hospital No") comes before the run. */
function followsOtherLabel(pageText: PageText, start: number): boolean {
  const line = lineAt(pageText, start);
  if (!line) return false;
  const before = pageText.text.slice(line.start, start);
  const lastOther = Math.max(-1, ...[...before.matchAll(OTHER_NUMBER_CUE)].map((match) => match.index ?? -1));
  const lastNhs = before.search(/NHS(?![\s\S]*NHS)/i);
  return lastOther > lastNhs;
}

/** Numbers in the usual written forms without a label: 999 123 4567, 999-123-4567, 9991234567. */
function unlabelledCandidates(pageTexts: PageText[], config: ExtractionConfig): NhsCandidate[] {
  const edge = '(?<![A-Za-z0-9|])(?<!\\d[/.,:])';
  const tail = '(?![A-Za-z0-9|])(?![/.,:]\\d)';
  const grouped = new RegExp(`${edge}(${DIGITISH}{3})([ -]|\\n)(${DIGITISH}{3})([ -]|\\n)(${DIGITISH}{4})${tail}`, 'g');
  const run = new RegExp(`${edge}(${DIGITISH}{10})${tail}`, 'g');
  const found: NhsCandidate[] = [];
  for (const pageText of pageTexts) {
    const consider = (start: number, end: number, text: string, priority: number, penalty: number) => {
      const compact = text.replace(/[\s-]/g, '');
      // Each group needs real digits; a leading 0-2 or 30-31 is a phone number or a Scottish CHI.
      if (compact.replace(/\D/g, '').length < 8) return;
      if (!/^[0-9]/.test(compact) || Number(compact.slice(0, 3)) < 320) return;
      if (joinsOtherDigits(pageText, start, end) || followsOtherLabel(pageText, start)) return;
      const line = lineAt(pageText, start);
      const who = line ? otherPersonAt(pageText, line, start, NHS_LABEL) : undefined;
      // Unlabelled digit runs that fail the check are everywhere (references, codes): not reported.
      const reading = readCandidate(pageText, start, end, text, priority, penalty, config, undefined, who);
      if (reading && 'candidate' in reading) found.push(reading.candidate);
    };
    for (const match of pageText.text.matchAll(grouped)) {
      const [text, , sep1, , sep2] = match;
      // One separator style (a line end may stand in for either space).
      if (sep1 !== sep2 && sep1 !== '\n' && sep2 !== '\n') continue;
      if (sep1 === '\n' && sep2 === '\n') continue;
      const start = match.index ?? 0;
      consider(start, start + text.length, text, 2, PENALTY.unlabelledGrouped);
    }
    for (const match of pageText.text.matchAll(run)) {
      const start = match.index ?? 0;
      consider(start, start + match[0].length, match[0], 1, PENALTY.unlabelledRun);
    }
  }
  return found;
}

export interface NhsNumberReadings {
  /** Valid numbers that may be the patient's, best evidence first. */
  patient: ExtractedValue[];
  /** Valid numbers the page labels as someone else's. */
  otherPersons: OtherPersonValue[];
  /** Labelled numbers that could not be read reliably, other than sightings of a number read well. */
  unreadable: UnreadableNhsNumber[];
}

const score = (candidate: NhsCandidate) => candidate.priority * 1000 + candidate.evidence.confidence - candidate.penalty;

/** Every NHS number on the document, sorted into the patient's, other people's and unreadable ones. */
export function readNhsNumbers(pageTexts: PageText[], config: ExtractionConfig): NhsNumberReadings {
  const labelled = labelledReadings(pageTexts, config);
  const candidates = [
    ...labelled.flatMap((reading) => ('candidate' in reading ? [reading.candidate] : [])),
    ...unlabelledCandidates(pageTexts, config),
  ];
  // A number the page labels as someone else's anywhere is someone else's everywhere.
  const othersWho = new Map<string, OtherPerson>();
  for (const candidate of candidates) if (candidate.who && !othersWho.has(candidate.digits)) othersWho.set(candidate.digits, candidate.who);
  const best = new Map<string, NhsCandidate>();
  for (const candidate of candidates) {
    const current = best.get(candidate.digits);
    if (!current || score(candidate) > score(current)) best.set(candidate.digits, candidate);
  }
  const ordered = [...best.values()].sort(
    (a, b) =>
      b.priority - a.priority ||
      b.evidence.confidence - b.penalty - (a.evidence.confidence - a.penalty) ||
      a.evidence.foundAt.page - b.evidence.foundAt.page,
  );
  const patient = ordered.filter((candidate) => !othersWho.has(candidate.digits)).map(toValue);
  const otherPersons = ordered.flatMap((candidate) => {
    const who = othersWho.get(candidate.digits);
    return who ? [{ ...toValue(candidate), who }] : [];
  });
  // A poor sighting of a number read well elsewhere (a faint footer) adds nothing to decide.
  const readWell = new Set(best.keys());
  const unreadable: UnreadableNhsNumber[] = [];
  for (const reading of labelled) {
    if (!('unreadable' in reading) || readWell.has(reading.unreadable.value)) continue;
    if (unreadable.some((earlier) => earlier.value === reading.unreadable.value)) continue;
    unreadable.push(reading.unreadable);
  }
  return { patient, otherPersons, unreadable };
}

/** The NHS numbers that may be the patient's (readNhsNumbers' `patient`). */
export function extractNhsNumbers(pageTexts: PageText[], config: ExtractionConfig): ExtractedValue[] {
  return readNhsNumbers(pageTexts, config).patient;
}

function toValue(candidate: NhsCandidate): ExtractedValue {
  const value: ExtractedValue = {
    value: candidate.digits,
    raw: candidate.evidence.raw,
    confidence: clampConfidence(candidate.evidence.confidence - candidate.penalty),
    foundAt: candidate.evidence.foundAt,
  };
  if (candidate.corrected) value.corrected = true;
  if (candidate.label) value.label = candidate.label;
  return value;
}
