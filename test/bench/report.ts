import type { DatasetName } from './bench-item.ts';
import type { EngineDatasetResult } from './bench-result.ts';
import { RECTO_ENGINES } from './engines.ts';
import { mean } from './scoring.ts';
import { fixed, formatTable, percent } from './text-table.ts';

function engineSummaryTable(results: EngineDatasetResult[]): string {
  const header = ['engine', 'pages', 'wall s', 'pages/min', 'CPU s/page', 'others', 'CER% mean', 'CER% median', 'BoW-F1', 'NHS recall', 'tree MB', 'proc MB', '%M MB', 'failed'];
  const rows = results.map((r) => [
    `${r.engineKey} ${r.engineName}`,
    String(r.summary.pages),
    fixed(r.wallSeconds),
    fixed(r.pagesPerMinute),
    fixed(r.cpuSecondsPerPage, 2),
    r.otherCoresBusy === undefined ? '–' : `${r.otherCoresBusy.toFixed(2)}c`,
    percent(r.summary.meanCer, 2),
    percent(r.summary.medianCer, 2),
    fixed(r.summary.meanBagOfWordsF1, 3),
    r.summary.nhsRecall === undefined ? '–' : `${percent(r.summary.nhsRecall)}% (${r.summary.nhsFound}/${r.summary.nhsTotal})`,
    String(r.peakTreeRssMb),
    String(r.peakProcessRssMb),
    r.gnuTimeMaxRssMb === undefined ? '–' : String(r.gnuTimeMaxRssMb),
    String(r.summary.failures),
  ]);
  return formatTable(header, rows);
}

function ratioLines(results: EngineDatasetResult[]): string[] {
  const rectos = results.filter((r) => RECTO_ENGINES.includes(r.engineKey));
  if (rectos.length === 0) return ['(recto not run: no ratios)'];
  const lines: string[] = [];
  for (const recto of rectos) {
    for (const other of results.filter((r) => r.engineKey === 'c' || r.engineKey === 'd')) {
      const speed = recto.pagesPerMinute / other.pagesPerMinute;
      const cerDelta =
        recto.summary.meanCer === undefined || other.summary.meanCer === undefined
          ? undefined
          : (recto.summary.meanCer - other.summary.meanCer) * 100;
      const f1Delta =
        recto.summary.meanBagOfWordsF1 === undefined || other.summary.meanBagOfWordsF1 === undefined
          ? ''
          : `, BoW-F1 ${recto.engineName} − ${other.engineName} = ${(recto.summary.meanBagOfWordsF1 - other.summary.meanBagOfWordsF1).toFixed(3)}`;
      lines.push(
        `${recto.engineName} pages/min ÷ ${other.engineName} = ${speed.toFixed(2)}×, ` +
          `mean CER ${recto.engineName} − ${other.engineName} = ${cerDelta === undefined ? '–' : `${cerDelta >= 0 ? '+' : ''}${cerDelta.toFixed(2)} pp`}${f1Delta}`,
      );
    }
  }
  return lines;
}

/** One row per input, one column per engine: CER % (or F1 for SROIE); ✗ marks no output. */
function perItemTable(results: EngineDatasetResult[]): string {
  const ids = results[0]?.items.map((item) => item.id) ?? [];
  const header = ['input', 'pages', 'metric', ...results.map((r) => `${r.engineKey} ${r.engineName}`)];
  const rows = ids.map((id) => {
    const first = results[0].items.find((item) => item.id === id);
    return [
      id,
      String(first?.pages ?? ''),
      first?.metric === 'bow-f1' ? 'F1' : 'CER%',
      ...results.map((r) => {
        const item = r.items.find((candidate) => candidate.id === id);
        if (!item) return '–';
        const value = item.metric === 'bow-f1' ? item.score.toFixed(3) : percent(item.score, 2);
        const nhs = item.nhsTotal > 0 ? ` ${item.nhsFound}/${item.nhsTotal}` : '';
        return `${item.failed ? '✗ ' : ''}${value}${nhs}`;
      }),
    ];
  });
  return formatTable(header, rows);
}

/** Samples by damage class (one sample per class): CER % and NHS numbers found, per engine. */
function damageClassTable(results: EngineDatasetResult[]): string {
  const classes = [...new Set(results[0]?.items.map((item) => item.damageClass ?? '?') ?? [])];
  const header = ['damage class', ...results.map((r) => `${r.engineKey} CER%  NHS`), 'what was done'];
  const rows = classes.map((damageClass) => {
    const items = (r: EngineDatasetResult) => r.items.filter((item) => (item.damageClass ?? '?') === damageClass);
    return [
      damageClass,
      ...results.map((r) => {
        const found = items(r).reduce((sum, item) => sum + item.nhsFound, 0);
        const total = items(r).reduce((sum, item) => sum + item.nhsTotal, 0);
        return `${percent(mean(items(r).map((item) => item.score)), 2)}  ${total > 0 ? `${found}/${total}` : '–'}`;
      }),
      (items(results[0])[0]?.damageDescription ?? '').slice(0, 70),
    ];
  });
  return formatTable(header, rows, [header.length - 1]);
}

function failureLines(results: EngineDatasetResult[]): string[] {
  return results.flatMap((r) =>
    Object.entries(r.failures).map(([id, message]) => `  ${r.engineName} ${id}: ${message.replace(/\s+/g, ' ').slice(0, 240)}`),
  );
}

export function printDatasetReport(dataset: DatasetName, results: EngineDatasetResult[]): void {
  if (results.length === 0) return;
  const out: string[] = [];
  out.push('', `=== ${dataset}: ${results[0].items.length} inputs, ${results[0].summary.pages} pages ===`);
  out.push(engineSummaryTable(results), '');
  out.push(...ratioLines(results), '');
  out.push(`Per input (${dataset}):`, perItemTable(results));
  if (dataset === 'samples') out.push('', 'Per damage class (samples):', damageClassTable(results));
  const failures = failureLines(results);
  if (failures.length > 0) out.push('', 'Failures:', ...failures);
  console.log(out.join('\n'));
}

export function printSetup(setups: string[]): void {
  console.log(
    [
      'OCR bench. Engines run one after another, each as its own process tree, on the same inputs.',
      'Wall time = spawn to exit of that tree, so process start-up, model loading and PDF/TIFF',
      'rasterisation (pdftoppm -r 300 for b and c; the engine itself for a and d) count for every engine.',
      'CER: Levenshtein over whitespace/typography-normalised text ÷ truth length, uncapped; SROIE: bag-of-words F1.',
      'tree MB = highest sum of RSS over the engine processes (100 ms /proc poll); proc MB = largest single',
      'engine process (VmHWM); %M = GNU time max RSS (largest process incl. the bench driver for c and d).',
      'CPU s/page = GNU time user+sys of the tree ÷ pages; others = cores other processes kept busy during',
      'the run (anything well above 0 means the wall time and pages/min are inflated by contention).',
      ...setups.map((setup) => `  ${setup}`),
    ].join('\n'),
  );
}
