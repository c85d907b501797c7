import { bagOfWordsF1, characterErrorRate, nhsNumberRecall, normaliseForCer } from '../support/text-metrics.ts';
import type { BenchItem, ScoreMetric } from './bench-item.ts';

export interface ItemScore {
  id: string;
  pages: number;
  metric: ScoreMetric;
  /** CER (lower is better) or bag-of-words F1 (higher is better), per `metric`. */
  score: number;
  failed: boolean;
  nhsTotal: number;
  nhsFound: number;
  damageClass?: string;
  damageDescription?: string;
}

/** For truth that covers only the first lines of the page, compare that many lines of output. */
function firstLinesLike(truth: string, hypothesis: string): string {
  const nonEmpty = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');
  return nonEmpty(hypothesis).slice(0, nonEmpty(truth).length).join('\n');
}

/** Scores one engine's text for one item. No output at all scores as empty text (CER 1, F1 0). */
export function scoreItem(item: BenchItem, text: string | undefined): ItemScore {
  const raw = text ?? '';
  const hypothesis = item.truthIsPartial ? firstLinesLike(item.truthText, raw) : raw;
  const score =
    item.metric === 'cer' ? characterErrorRate(item.truthText, hypothesis) : bagOfWordsF1(item.truthText, hypothesis);
  const nhsTotal = item.nhsNumbers?.length ?? 0;
  return {
    id: item.id,
    pages: item.pages,
    metric: item.metric,
    score,
    failed: text === undefined,
    nhsTotal,
    // Whitespace collapsed first, as for CER: `pdftotext -raw` of a rotated page puts every word
    // on its own line, so "999\n881\n4731" is a layout artefact, not a misread number.
    nhsFound: Math.round(nhsNumberRecall(item.nhsNumbers ?? [], normaliseForCer(raw)) * nhsTotal),
    damageClass: item.damageClass,
    damageDescription: item.damageDescription,
  };
}

export function mean(values: number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface ScoreSummary {
  pages: number;
  meanCer?: number;
  medianCer?: number;
  meanBagOfWordsF1?: number;
  /** Found ÷ printed over all items (micro-average), undefined when no item has NHS numbers. */
  nhsRecall?: number;
  nhsFound: number;
  nhsTotal: number;
  failures: number;
}

export function summariseScores(scores: ItemScore[]): ScoreSummary {
  const cers = scores.filter((s) => s.metric === 'cer').map((s) => s.score);
  const f1s = scores.filter((s) => s.metric === 'bow-f1').map((s) => s.score);
  const nhsTotal = scores.reduce((sum, s) => sum + s.nhsTotal, 0);
  const nhsFound = scores.reduce((sum, s) => sum + s.nhsFound, 0);
  return {
    pages: scores.reduce((sum, s) => sum + s.pages, 0),
    meanCer: mean(cers),
    medianCer: median(cers),
    meanBagOfWordsF1: mean(f1s),
    nhsRecall: nhsTotal === 0 ? undefined : nhsFound / nhsTotal,
    nhsFound,
    nhsTotal,
    failures: scores.filter((s) => s.failed).length,
  };
}
