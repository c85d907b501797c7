import { type DateKind, dateAtStart, findDates } from './date-parse.ts';
import type { ExtractedValue, OtherPersonValue } from './extracted-fields.ts';
import { type Candidate, bestCandidate, findLabelled } from './labels.ts';
import { type OtherPerson, otherPersonAt } from './other-person.ts';
import { type PageText, evidenceFor, relativeTop } from './word-spans.ts';

/**
 * Date of birth and document date, both read after labels. A letter's own date often stands
 * alone on a line near the top ("14 March 2025"), so that counts for the document date too.
 * Refused dates (US order, unresolvable two-digit years) are simply not candidates.
 */

interface DateRule {
  label: RegExp;
  priority: number;
  penalty?: number;
}

const BIRTH_LABEL = /\b(?:D\.?\s?O\.?\s?B|Date\s*of\s*birth|Birth\s*date|Born(?:\s*on)?)\.?(?![A-Za-z])/gi;
const BIRTH_RULES: DateRule[] = [{ label: BIRTH_LABEL, priority: 5 }];

// Higher priority = closer to "the date this document was written".
const DOCUMENT_RULES: DateRule[] = [
  { label: /\b(?:Date\s*of\s*letter|Letter\s*date)\b/gi, priority: 9 },
  // Plain "Date:", not the end of "Clinic date:" or "Discharge date:" (those have their own rank).
  {
    label:
      /(?<!\b(?:clinic|discharge|admission|report|operation|procedure|exam|examination|letter|referral|request|appointment|review|scan|sample|collection|birth|typed|dictated|start|stop|end|due|next|expiry|follow-up)\s*)\bDated?\b(?=\s*[:-])/gi,
    priority: 8,
  },
  {
    label: /\b(?:Date\s*of\s*report|Report(?:ed)?\s*date|Date\s*(?:reported|authorised|authorized|verified)|Reported(?:\s*on)?)\b/gi,
    priority: 7,
  },
  {
    label: /\b(?:Clinic\s*date|Date\s*of\s*clinic|Date\s*seen|Seen\s*on|Date\s*of\s*(?:consultation|appointment|attendance))\b/gi,
    priority: 6,
  },
  { label: /\b(?:Date\s*of\s*discharge|Discharge\s*date|Discharged(?:\s*on)?)\b/gi, priority: 6 },
  {
    label:
      /\b(?:Date\s*of\s*(?:operation|procedure|surgery|examination|exam|investigation)|(?:Operation|Procedure|Exam(?:ination)?)\s*date)\b/gi,
    priority: 6,
  },
  { label: /\b(?:Date\s*(?:dictated|typed)|Dictated|Typed)(?:\s*on)?\b/gi, priority: 4, penalty: 5 },
  // Charts carry no letter date; the day the chart was started is the nearest thing.
  { label: /\b(?:Chart\s*)?start\s*date\b/gi, priority: 4, penalty: 10 },
  { label: /\b(?:Date\s*(?:received|collected|of\s*request)|Received|Collected|Requested)\b(?=\s*:)/gi, priority: 3, penalty: 10 },
];

type DateCandidate = Candidate<string> & { who?: OtherPerson };

function labelledDates(pageTexts: PageText[], rules: DateRule[], kind: DateKind, referenceDate: string): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const rule of rules) {
    for (const hit of findLabelled(pageTexts, rule.label)) {
      // A date of birth labelled as someone else's (the mother's) is kept apart, never the patient's.
      const who = kind === 'birth' ? otherPersonAt(hit.pageText, hit.line, hit.labelStart, BIRTH_LABEL) : undefined;
      const token = dateAtStart(hit.value, kind, referenceDate);
      if (!token?.iso) continue;
      const evidence = evidenceFor(hit.pageText, hit.valueStart + token.start, hit.valueStart + token.end);
      if (!evidence) continue;
      found.push({
        value: token.iso,
        key: token.iso,
        evidence,
        priority: rule.priority,
        label: hit.label,
        // A resolved two-digit year is a guess about the century: say so in the confidence.
        confidencePenalty: (rule.penalty ?? 0) + (token.twoDigitYear ? 20 : 0),
        ...(who ? { who } : {}),
      });
    }
  }
  return found;
}

/** A line that is nothing but a date, in the top half of a page: a letter's date. */
function standaloneDates(pageTexts: PageText[], referenceDate: string): Candidate<string>[] {
  const found: Candidate<string>[] = [];
  for (const pageText of pageTexts) {
    for (const line of pageText.lines) {
      // "DOB:" at the end of one line and the date alone on the next is a labelled value, not a letter date.
      if (/:\s*$/.test(pageText.lines[line.index - 1]?.text ?? '')) continue;
      const tokens = findDates(line.text, 'document', referenceDate);
      if (tokens.length !== 1 || !tokens[0].iso) continue;
      const rest = line.text.slice(0, tokens[0].start) + line.text.slice(tokens[0].end);
      if (rest.trim() !== '') continue;
      const evidence = evidenceFor(pageText, line.start + tokens[0].start, line.start + tokens[0].end);
      if (!evidence) continue;
      const nearTop = pageText.page === 0 && relativeTop(pageText, line) < 0.5;
      found.push({ value: tokens[0].iso, key: tokens[0].iso, evidence, priority: nearTop ? 7 : 2, confidencePenalty: 10 });
    }
  }
  return found;
}

export function extractDocumentDate(pageTexts: PageText[], referenceDate: string): ExtractedValue | undefined {
  const candidates = [
    ...labelledDates(pageTexts, DOCUMENT_RULES, 'document', referenceDate),
    ...standaloneDates(pageTexts, referenceDate),
  ];
  // Different kinds of date (clinic vs typed) legitimately differ; only equal-rank disagreement is a conflict.
  return bestCandidate(candidates, { conflictsAmong: 'same-priority' });
}

/** `notAfter`: the document date when known — nobody is born after their letter was written. */
export function extractBirthDate(pageTexts: PageText[], notAfter: string): ExtractedValue | undefined {
  const candidates = labelledDates(pageTexts, BIRTH_RULES, 'birth', notAfter).filter((candidate) => !candidate.who);
  return bestCandidate(candidates, { conflictsAmong: 'all', conflictCap: 20 });
}

/** Dates of birth the page labels as someone else's, one per person and date, for the reviewer. */
export function extractOtherPersonsBirthDates(pageTexts: PageText[], notAfter: string): OtherPersonValue[] {
  const found: OtherPersonValue[] = [];
  for (const candidate of labelledDates(pageTexts, BIRTH_RULES, 'birth', notAfter)) {
    const { who } = candidate;
    if (!who || found.some((earlier) => earlier.who === who && earlier.value === candidate.value)) continue;
    const value: OtherPersonValue = {
      value: candidate.value,
      raw: candidate.evidence.raw,
      confidence: Math.max(0, Math.min(100, Math.round(candidate.evidence.confidence - (candidate.confidencePenalty ?? 0)))),
      foundAt: candidate.evidence.foundAt,
      who,
    };
    if (candidate.label) value.label = candidate.label;
    found.push(value);
  }
  return found;
}
