import type { ExtractedValue } from './extracted-fields.ts';
import { type Evidence, type PageText, type TextLine, lineAt } from './word-spans.ts';

/**
 * Labels ("DOB:", "Patient:", "NHS No") are the strongest evidence a scanned form or letter
 * offers. A label's value is the rest of its line; when the label ends the line (a two-column
 * form, or tesseract splitting label and value), it is the next line.
 */
export interface LabelHit {
  pageText: PageText;
  /** The label as written, e.g. "D.O.B.:" */
  label: string;
  labelStart: number;
  /** Where the value text starts in pageText.text. */
  valueStart: number;
  /** The value text: the rest of the label's line, or the next line. */
  value: string;
  line: TextLine;
}

/** A regular expression source for a label written as words, e.g. "Hospital No" → /Hospital\s*No\.?/. */
export function labelSource(label: string): string {
  return label
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\.$/, ''))
    .join('[\\s.]*');
}

export function findLabelled(pageTexts: PageText[], labelPattern: RegExp): LabelHit[] {
  const hits: LabelHit[] = [];
  const flags = labelPattern.flags.includes('g') ? labelPattern.flags : `${labelPattern.flags}g`;
  const pattern = new RegExp(labelPattern.source, flags);
  for (const pageText of pageTexts) {
    for (const match of pageText.text.matchAll(pattern)) {
      const labelStart = match.index ?? 0;
      let valueStart = labelStart + match[0].length;
      const line = lineAt(pageText, labelStart);
      if (!line) continue;
      // Skip the ":" / "-" / "." that may follow the label and the spaces around it.
      valueStart += /^[\s:;.#-]*/.exec(pageText.text.slice(valueStart, line.end))?.[0].length ?? 0;
      let value = pageText.text.slice(valueStart, line.end);
      if (value.trim() === '') {
        const next = pageText.lines[line.index + 1];
        if (!next) continue;
        valueStart = next.start;
        value = next.text;
      }
      hits.push({
        pageText,
        label: match[0].trim(),
        labelStart,
        valueStart,
        value,
        line,
      });
    }
  }
  return hits;
}

export interface Candidate<T> {
  value: T;
  /** Comparable form, to tell repeated sightings of one value from a conflicting one. */
  key: string;
  evidence: Evidence;
  /** Higher wins: how strong the rule that found it is. */
  priority: number;
  label?: string;
  confidencePenalty?: number;
}

/**
 * The best-supported value among candidates. Different values (e.g. two dates of birth on
 * one document) are kept in `conflicts` and the confidence is capped, so a matcher treats the
 * field as unsure and a person reviews it.
 */
export function bestCandidate<T>(
  candidates: Candidate<T>[],
  options: { conflictCap?: number; conflictsAmong?: 'all' | 'same-priority' } = {},
): ExtractedValue<T> | undefined {
  const { conflictCap = 30, conflictsAmong = 'all' } = options;
  if (candidates.length === 0) return undefined;
  const ordered = [...candidates].sort(
    (a, b) =>
      b.priority - a.priority ||
      a.evidence.foundAt.page - b.evidence.foundAt.page ||
      a.evidence.foundAt.bbox.y0 - b.evidence.foundAt.bbox.y0,
  );
  const best = ordered[0];
  const conflicts: T[] = [];
  const seen = new Set([best.key]);
  for (const candidate of ordered) {
    if (seen.has(candidate.key)) continue;
    if (conflictsAmong === 'same-priority' && candidate.priority !== best.priority) continue;
    seen.add(candidate.key);
    conflicts.push(candidate.value);
  }
  let confidence = best.evidence.confidence - (best.confidencePenalty ?? 0);
  if (conflicts.length > 0) confidence = Math.min(confidence, conflictCap);
  const result: ExtractedValue<T> = {
    value: best.value,
    raw: best.evidence.raw,
    confidence: Math.max(0, Math.min(100, Math.round(confidence))),
    foundAt: best.evidence.foundAt,
  };
  if (best.label) result.label = best.label;
  if (conflicts.length > 0) result.conflicts = conflicts;
  return result;
}
