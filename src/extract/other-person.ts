import type { OtherPerson } from './extracted-fields.ts';
import type { PageText, TextLine } from './word-spans.ts';

export type { OtherPerson };

/**
 * Documents print other people's identifiers beside the patient's: a baby's discharge summary
 * gives the mother's NHS number and date of birth, a letter names the next of kin, a form has a
 * partner's details. Whoever a value is labelled as belonging to, it is never the patient's:
 * taking the mother's NHS number for her baby's files the baby's notes in the mother's record.
 *
 * A value is someone else's when, on the page:
 * - a person word stands right before its label: "Mother's NHS Number", "Mum's DOB",
 *   "Baby NHS No", "Twin 2 NHS number", "NOK NHS No", "Partner’s D.O.B.";
 * - its line starts with a person heading: "Mother: Mrs K Thornbury DOB: ...", "NOK: ... NHS No",
 *   "GP: Dr ...", "cc: ...";
 * - a relationship in brackets comes before its label on the line: "Mary Smith (wife) NHS No";
 * - its label starts a line in a block under a relative's heading ("Mother: ..." then lines of
 *   "DOB:", "Address:", "Hospital No:"), unless the block already gave that same field.
 *
 * "Baby:", "Infant:" at the start of a line are not headings here: names.ts reads them as the
 * patient's name label (a neonatal summary is about the baby). Right before a label ("Baby's NHS
 * number") they do name someone else, as the issue asks; on a neonatal document that sends the
 * document to a person rather than filing it, which is the safe way to be wrong.
 */

interface Cue {
  who: OtherPerson;
  words: string;
  /** May head a line ("Mother: ..."); false for the patient labels "Baby:", "Infant:". */
  heading: boolean;
  /** Heads a block of the person's details on the following lines (relatives, not professionals). */
  block: boolean;
}

const CUES: Cue[] = [
  { who: 'mother', words: 'mother|mum|mam|mummy|maternal', heading: true, block: true },
  { who: 'father', words: 'father|dad|daddy|paternal', heading: true, block: true },
  { who: 'parent', words: 'parent|parents', heading: true, block: true },
  { who: 'baby', words: 'baby|infant|newborn|neonate', heading: false, block: false },
  { who: 'twin', words: 'twin', heading: true, block: true },
  { who: 'next-of-kin', words: 'next\\s*of\\s*kin|nok', heading: true, block: true },
  { who: 'gp', words: 'gp|general\\s*practitioner', heading: true, block: false },
  { who: 'cc', words: 'cc|copy\\s*to', heading: true, block: false },
  { who: 'partner', words: 'partner', heading: true, block: true },
  { who: 'spouse', words: 'spouse', heading: true, block: true },
  { who: 'husband', words: 'husband', heading: true, block: true },
  { who: 'wife', words: 'wife', heading: true, block: true },
  { who: 'son', words: 'son', heading: true, block: true },
  { who: 'daughter', words: 'daughter', heading: true, block: true },
  { who: 'carer', words: 'carer', heading: true, block: true },
  { who: 'guardian', words: 'guardian', heading: true, block: true },
  { who: 'referrer', words: 'referrer', heading: true, block: true },
];

const alternation = (cues: Cue[]) => cues.map((cue) => cue.words).join('|');
/** "Twin 2", "Twin B", "Twin two": a number or letter may follow the person word. */
const ORDINAL = String.raw`(?:\s*(?:[1-4]|[A-D]|one|two|three|four)\b)?`;
const POSSESSIVE = "(?:\\s?['’‘`]\\s?s|s['’]?)?";

const RIGHT_BEFORE_LABEL = new RegExp(String.raw`(?<![\p{L}])(${alternation(CUES)})${ORDINAL}${POSSESSIVE}\s*[:(-]?\s*$`, 'iu');
const LINE_HEADING = new RegExp(
  String.raw`^\s*(?:(?:referring|registered|usual)\s+)?(${alternation(CUES.filter((cue) => cue.heading))})${ORDINAL}${POSSESSIVE}(?![\p{L}])`,
  'iu',
);
const BLOCK_HEADING = new RegExp(String.raw`^\s*(${alternation(CUES.filter((cue) => cue.block))})${ORDINAL}${POSSESSIVE}(?![\p{L}])`, 'iu');
const IN_BRACKETS = new RegExp(String.raw`\(\s*(?:(?:his|her|their|the)\s+)?(${alternation(CUES)})\s*\)`, 'iu');
/** Lines that carry one person's details and so continue a block under a relative's heading. */
const DETAIL_LINE =
  /^\s*(?:D\.?\s?O\.?\s?B|Date\s*of\s*birth|Born|Address|Post\s*code|Tel(?:ephone)?|Phone|Mob(?:ile)?|Email|Hospital\s*(?:No|Number)|Hosp\s*No|MRN|NHS|Relationship|Contact|Age|Occupation)\b/i;
/** How far up a block's heading may be. */
const BLOCK_LINES = 3;

function whoOf(cueText: string): OtherPerson {
  const word = cueText.trim();
  for (const cue of CUES) if (new RegExp(`^(?:${cue.words})$`, 'i').test(word)) return cue.who;
  return 'parent';
}

/**
 * Whose a value is, when the page labels it as someone else's; undefined when nothing says so.
 * `labelStart` is where the value's label (or the value itself, when unlabelled) starts on
 * `line`; `sameField` recognises the field's own label, which ends a block ("Mother: ... DOB: x"
 * then "DOB: y" on the next line is not the mother's second date of birth).
 */
export function otherPersonAt(pageText: PageText, line: TextLine, labelStart: number, sameField: RegExp): OtherPerson | undefined {
  const before = pageText.text.slice(line.start, labelStart);
  const direct = RIGHT_BEFORE_LABEL.exec(before) ?? LINE_HEADING.exec(before) ?? IN_BRACKETS.exec(before);
  if (direct) return whoOf(direct[1]);
  if (before.trim() !== '') return undefined;
  const field = new RegExp(sameField.source, sameField.flags.replace('g', ''));
  for (let index = line.index - 1; index >= Math.max(0, line.index - BLOCK_LINES); index--) {
    const text = pageText.lines[index].text;
    if (field.test(text)) return undefined;
    const heading = BLOCK_HEADING.exec(text);
    if (heading) return whoOf(heading[1]);
    if (!DETAIL_LINE.test(text)) return undefined;
  }
  return undefined;
}

/** "the mother's", "the next of kin's", "the GP's", for messages to reviewers. */
export function possessiveOf(who: OtherPerson): string {
  const name = { gp: 'GP', cc: 'person copied in (cc)', 'next-of-kin': 'next of kin' }[who as string] ?? who;
  return `the ${name}'s`;
}
