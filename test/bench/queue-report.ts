import type { ModeKey } from './queue-options.ts';
import type { ModeResult } from './queue-modes.ts';
import { fixed, formatTable } from './text-table.ts';

/** The two targets. */
export const MAX_QUEUE_OVERHEAD = 0.1;
export const MIN_TWO_PROCESS_SCALING = 1.7;

export interface TargetCheck {
  name: string;
  formula: string;
  target: string;
  value?: number;
  /** undefined when a mode it needs was not run or failed. */
  pass?: boolean;
}

export interface QueueChecks {
  overhead: TargetCheck;
  scaling: TargetCheck;
  /** Not a target: the overhead in CPU seconds per page, which other people's load does not inflate. */
  cpuOverhead: TargetCheck;
}

const usable = (results: ModeResult[], mode: ModeKey): ModeResult | undefined => {
  const result = results.find((candidate) => candidate.mode === mode);
  return result && !result.error && result.pages > 0 ? result : undefined;
};

export function computeChecks(results: ModeResult[]): QueueChecks {
  const scan1 = usable(results, 'scan-1');
  const queue1 = usable(results, 'queue-1');
  const queue2 = usable(results, 'queue-2');
  const overhead = scan1 && queue1 ? 1 - queue1.pagesPerMinute / scan1.pagesPerMinute : undefined;
  const scaling = queue1 && queue2 ? queue2.pagesPerMinute / queue1.pagesPerMinute : undefined;
  const cpuOverhead =
    scan1 && queue1 ? queue1.cpuSeconds / queue1.pages / (scan1.cpuSeconds / scan1.pages) - 1 : undefined;
  return {
    overhead: {
      name: 'queue overhead',
      formula: '1 − queue-1 p/min ÷ scan-1 p/min',
      target: `≤ ${MAX_QUEUE_OVERHEAD * 100} %`,
      value: overhead,
      pass: overhead === undefined ? undefined : overhead <= MAX_QUEUE_OVERHEAD,
    },
    scaling: {
      name: '2-process scaling',
      formula: 'queue-2 p/min ÷ queue-1 p/min',
      target: `≥ ${MIN_TWO_PROCESS_SCALING}×`,
      value: scaling,
      pass: scaling === undefined ? undefined : scaling >= MIN_TWO_PROCESS_SCALING,
    },
    cpuOverhead: {
      name: 'CPU per page, queue-1 vs scan-1',
      formula: 'queue-1 CPU s/page ÷ scan-1 CPU s/page − 1 (Recto processes only, Redis not included)',
      target: 'information',
      value: cpuOverhead,
    },
  };
}

const mb = (kb: number | undefined): string => (kb === undefined ? '–' : String(Math.round(kb / 1024)));

interface Row {
  cells: string[];
}

const HEADER = ['mode', 'pages', 'start-up s', 'seconds', 'pages/min', '× scan-1', 'CPU s/page', 'other load', 'peak RSS MB'];

function rows(results: ModeResult[]): Row[] {
  const baseline = usable(results, 'scan-1');
  return results.map((result) => {
    if (result.error) return { cells: [result.mode, '–', '–', '–', '–', '–', '–', '–', `failed: ${result.error.split('\n')[0].slice(0, 60)}`] };
    const pages = result.pages === result.expectedPages ? String(result.pages) : `${result.pages} of ${result.expectedPages}`;
    const ratio = baseline ? `${fixed(result.pagesPerMinute / baseline.pagesPerMinute, 2)}` : '–';
    const load = result.seconds > 0 ? `${fixed(result.otherCpuSeconds / result.seconds, 2)} cores` : '–';
    const memory = result.processes.map((process) => `${process.label} ${mb(process.peakRssKb)}`).join(', ');
    return {
      cells: [
        result.mode,
        pages,
        fixed(result.startupSeconds),
        fixed(result.seconds),
        fixed(result.pagesPerMinute),
        ratio,
        result.pages > 0 ? fixed(result.cpuSeconds / result.pages, 2) : '–',
        load,
        memory,
      ],
    };
  });
}

const checkLine = (check: TargetCheck, asPercent: boolean): string => {
  const value = check.value === undefined ? 'not measured' : asPercent ? `${(check.value * 100).toFixed(1)} %` : `${check.value.toFixed(2)}×`;
  const verdict = check.pass === undefined ? (check.target === 'information' ? '' : ' –') : check.pass ? ' PASS' : ' MISS';
  const target = check.target === 'information' ? '' : ` (target ${check.target})`;
  return `${check.name}: ${value}${target}${verdict}   [${check.formula}]`;
};

export function checkLines(checks: QueueChecks): string[] {
  return [checkLine(checks.overhead, true), checkLine(checks.scaling, false), checkLine(checks.cpuOverhead, true)];
}

export interface ReportContext {
  setupLines: string[];
  notes: string[];
}

export function formatTextReport(results: ModeResult[], checks: QueueChecks, context: ReportContext): string {
  const lines = [
    '=== recto queue bench ===',
    ...context.setupLines,
    '',
    ...results.filter((result) => result.setup).map((result) => `${result.mode}: ${result.setup}`),
    '',
    formatTable(HEADER, rows(results).map((row) => row.cells), [8]),
    '',
    ...checkLines(checks),
  ];
  const failures = results.flatMap((result) => result.failures.map((failure) => `${result.mode}: ${failure}`));
  if (failures.length > 0) lines.push('', 'Documents that failed:', ...failures.map((failure) => `  ${failure}`));
  if (context.notes.length > 0) lines.push('', ...context.notes.map((note) => `Note: ${note}`));
  return lines.join('\n');
}

export function formatMarkdownReport(results: ModeResult[], checks: QueueChecks, context: ReportContext): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  const table = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 0 || i === 8 ? '---' : '---:')).join(' | ')} |`,
    ...rows(results).map((row) => `| ${row.cells.map(escape).join(' | ')} |`),
  ];
  const failures = results.flatMap((result) => result.failures.map((failure) => `- ${result.mode}: ${escape(failure)}`));
  return [
    '# Recto queue bench',
    '',
    ...context.setupLines.map((line) => `- ${line}`),
    '',
    '## Modes',
    '',
    ...results.filter((result) => result.setup).map((result) => `- **${result.mode}**: ${result.setup}`),
    '',
    '## Results',
    '',
    ...table,
    '',
    '## Targets',
    '',
    ...checkLines(checks).map((line) => `- ${line}`),
    ...(failures.length > 0 ? ['', '## Documents that failed', '', ...failures] : []),
    ...(context.notes.length > 0 ? ['', '## Notes', '', ...context.notes.map((note) => `- ${note}`)] : []),
    '',
  ].join('\n');
}
