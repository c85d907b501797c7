import type { ExtractedValue } from './extracted-fields.ts';
import type { ExtractionConfig } from './extraction-config.ts';
import { findLabelled, labelSource } from './labels.ts';
import { type Evidence, type PageText, clampConfidence, evidenceFor } from './word-spans.ts';

/**
 * Hospital numbers (MRNs, unit numbers). Every trust formats them its own way, so the shape
 * comes from ExtractionConfig.mrnPattern. By default a number counts only after one of the
 * trust's labels ("Hospital No:", "MRN"): bare digit runs are too easily a date or a phone.
 */

const UNLABELLED_PENALTY = 15;

interface MrnCandidate {
  value: string;
  evidence: Evidence;
  labelled: boolean;
  label?: string;
}

/** Up to three tokens after a label, joined without spaces, tried longest first ("KB 2264091" → "KB2264091"). */
function labelledCandidates(pageTexts: PageText[], whole: RegExp, config: ExtractionConfig): MrnCandidate[] {
  const labels = new RegExp(`\\b(?:${config.mrnLabels.map(labelSource).join('|')})\\b\\.?`, 'gi');
  const found: MrnCandidate[] = [];
  for (const hit of findLabelled(pageTexts, labels)) {
    const tokens = [...hit.value.matchAll(/\S+/g)].slice(0, 3);
    for (let count = tokens.length; count >= 1; count--) {
      const last = tokens[count - 1];
      const text = hit.value.slice(0, (last.index ?? 0) + last[0].length);
      const spaceless = text.replace(/\s+/g, '').replace(/[.,;:)]+$/, '');
      // OCR reads specks as dots or dashes ("HL.9902317"): try without them when the pattern needs it.
      const compact = [spaceless, spaceless.replace(/[.\-]/g, '')].find((form) => whole.test(form));
      if (!compact) continue;
      const evidence = evidenceFor(hit.pageText, hit.valueStart, hit.valueStart + text.length);
      if (evidence) found.push({ value: compact.toUpperCase(), evidence, labelled: true, label: hit.label });
      break;
    }
  }
  return found;
}

function unlabelledCandidates(pageTexts: PageText[], whole: RegExp): MrnCandidate[] {
  const found: MrnCandidate[] = [];
  for (const pageText of pageTexts) {
    for (const match of pageText.text.matchAll(/[^\s,;:()]+/g)) {
      const token = match[0].replace(/[.]+$/, '');
      if (!whole.test(token)) continue;
      const start = match.index ?? 0;
      const evidence = evidenceFor(pageText, start, start + token.length);
      if (evidence) found.push({ value: token.toUpperCase(), evidence, labelled: false });
    }
  }
  return found;
}

export function extractMrns(pageTexts: PageText[], config: ExtractionConfig): ExtractedValue[] {
  const whole = new RegExp(`^(?:${config.mrnPattern})$`, 'iu');
  const candidates = labelledCandidates(pageTexts, whole, config);
  if (!config.mrnRequireLabel) candidates.push(...unlabelledCandidates(pageTexts, whole));
  const best = new Map<string, MrnCandidate>();
  for (const candidate of candidates) {
    const current = best.get(candidate.value);
    if (!current || (candidate.labelled && !current.labelled)) best.set(candidate.value, candidate);
  }
  return [...best.values()]
    .sort((a, b) => Number(b.labelled) - Number(a.labelled))
    .map((candidate) => {
      const value: ExtractedValue = {
        value: candidate.value,
        raw: candidate.evidence.raw,
        confidence: clampConfidence(candidate.evidence.confidence - (candidate.labelled ? 0 : UNLABELLED_PENALTY)),
        foundAt: candidate.evidence.foundAt,
      };
      if (candidate.label) value.label = candidate.label;
      return value;
    });
}
