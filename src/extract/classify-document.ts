import { CUES, type Cue } from './document-type-cues.ts';
import { documentTypeEntry } from './document-types.ts';
import type { DocumentTypeKey, DocumentTypeResult } from './extracted-fields.ts';
import { type PageText, type TextLine, relativeTop } from './word-spans.ts';

/**
 * Which kind of document this is, by weighted cues (document-type-cues.ts) rather than a
 * trained model: every decision can be explained by the evidence list, and a wrong one fixed
 * by editing a table. When nothing is convincing the answer is "other", for a person to sort.
 */

const TITLE_MAX_WORDS = 8;
/** Words that make a line a sentence rather than a heading ("Reason for referral", "Thank you for your referral"). */
const SENTENCE_WORDS = /^(?:for|your|the|a|an|to|of|with|see|please|thank|you|our|my|his|her|their|in|on|at|by|is|was|has|have|we|i|this|that|and|or)$/i;

/**
 * A heading, not a sentence: a short line that the phrase ends ("Urgent Clinic Letter",
 * "Medical record continuation card", "Consent Form 1", "Discharge Summary (continued)") or
 * opens before a colon ("Referral: iron deficiency"), with no sentence words before it.
 */
function isTitleLine(line: TextLine, phraseStart: number, phraseEnd: number): boolean {
  const text = line.text.replace(/\s*[(-]?\s*continued\)?\s*$/i, '').replace(/[\s:.]+$/, '');
  if (text.split(/\s+/).length > TITLE_MAX_WORDS) return false;
  const after = text.slice(phraseEnd);
  const endsLine = /^\s*(?:\d{1,2}|[A-Z])?\s*$/.test(after);
  const opensHeading = phraseStart === 0 && /^\s*(?::|-\s)/.test(after);
  if (!endsLine && !opensHeading) return false;
  const before = text.slice(0, phraseStart).trim();
  if (before === '') return true;
  return /^[A-Z0-9]/.test(before) && !before.split(/\s+/).some((word) => SENTENCE_WORDS.test(word));
}

interface CueScore {
  type: Cue['type'];
  score: number;
  evidence: string;
}

function scoreTitleCue(cue: Cue, pageTexts: PageText[]): CueScore | undefined {
  let best: CueScore | undefined;
  for (const pageText of pageTexts) {
    for (const line of pageText.lines) {
      const match = cue.pattern.exec(line.text);
      if (!match) continue;
      const asTitle = isTitleLine(line, match.index, match.index + match[0].length);
      if (!asTitle && cue.titleOnly) continue;
      const nearTop = pageText.page === 0 && relativeTop(pageText, line) < 0.5;
      const factor = asTitle ? (nearTop ? 3 : 2) : 0.5;
      const score = cue.weight * factor;
      if (!best || score > best.score) {
        const where = `page ${pageText.page + 1}`;
        best = { type: cue.type, score, evidence: `${asTitle ? 'title' : 'mention'} "${line.text.trim()}" (${where}) +${score}` };
      }
    }
  }
  return best;
}

function scoreBodyCue(cue: Cue, pageTexts: PageText[]): CueScore | undefined {
  for (const pageText of pageTexts) {
    const match = cue.pattern.exec(pageText.text);
    if (!match) continue;
    const quoted = match[0].replace(/\s+/g, ' ').trim();
    return { type: cue.type, score: cue.weight, evidence: `"${quoted}" (page ${pageText.page + 1}) +${cue.weight}` };
  }
  return undefined;
}

export function classifyDocument(pageTexts: PageText[], minScore: number): DocumentTypeResult {
  const totals = new Map<DocumentTypeKey, { score: number; evidence: string[] }>();
  for (const cue of CUES) {
    const scored = cue.title ? scoreTitleCue(cue, pageTexts) : scoreBodyCue(cue, pageTexts);
    if (!scored) continue;
    const total = totals.get(scored.type) ?? { score: 0, evidence: [] };
    total.score += scored.score;
    total.evidence.push(scored.evidence);
    totals.set(scored.type, total);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].score - a[1].score);
  const [top, second] = ranked;
  if (!top || top[1].score < minScore) {
    const entry = documentTypeEntry('other');
    const evidence = top ? [`best guess ${top[0]} scored ${top[1].score}, below ${minScore}`, ...top[1].evidence] : ['no cues found'];
    return { key: 'other', snomedCode: entry.snomedCode, display: entry.display, confidence: top ? 50 : 80, evidence };
  }
  const runnerUp = second ? second[1].score : 0;
  const margin = (top[1].score - runnerUp) / top[1].score;
  let confidence = 50 + 50 * margin;
  if (top[1].score < 2 * minScore) confidence -= 10;
  const entry = documentTypeEntry(top[0]);
  const evidence = [...top[1].evidence];
  if (second) evidence.push(`runner-up ${second[0]} scored ${runnerUp}`);
  return {
    key: top[0],
    snomedCode: entry.snomedCode,
    display: entry.display,
    confidence: Math.max(0, Math.min(100, Math.round(confidence))),
    evidence,
  };
}
