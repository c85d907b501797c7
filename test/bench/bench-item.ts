/** What the bench knows about one input document, independent of any engine. */

export type DatasetName = 'samples' | 'public';

/** CER for text in reading order; bag-of-words F1 when the truth's order is not reading order. */
export type ScoreMetric = 'cer' | 'bow-f1';

export interface BenchItem {
  /** Unique across the run; every engine writes `<outDir>/<id>.txt`. */
  id: string;
  dataset: DatasetName;
  /** Absolute path of the original input (read in place, never copied into the repo). */
  sourcePath: string;
  truthText: string;
  metric: ScoreMetric;
  /** The truth covers only the first lines of the page (tjs-escape_chars): score that many lines. */
  truthIsPartial: boolean;
  /** NHS numbers printed on the document (samples only). */
  nhsNumbers?: string[];
  /** Damage class of a synthetic sample: its name (e.g. `skewed-7deg`). */
  damageClass?: string;
  /** The manifest's `case`: what was done to the page. */
  damageDescription?: string;
  pages: number;
}
