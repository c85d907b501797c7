import type { Command } from 'commander';
import { parseScanOptions } from '../core/config.ts';
import { ERROR_CATALOGUE, EXIT, type ExitCode, type RectoErrorCode } from '../core/errors.ts';
import { createTesseractEngine } from '../engines/tesseract-engine.ts';
import { scanBatch } from '../runners/scan-batch.ts';
import { reportFailure } from './cli-failure.ts';
import { createProgressDisplay } from './progress-display.ts';
import { formatFailures, formatSummaryTable } from './summary-table.ts';

interface ScanFlags {
  out: string;
  workers?: string;
  dropBlank?: boolean;
  recursive?: boolean;
  osd?: boolean;
  json?: boolean;
  pdfDpi?: string;
  jpegQuality?: string;
  maxPages?: string;
  progress?: boolean;
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('OCR scans (PDF, TIFF incl. fax G4, PNG, JPEG) into searchable PDF/A + text + JSON sidecar')
    .argument('<inputs...>', 'files or folders of scans')
    .requiredOption('-o, --out <dir>', 'folder for the outputs (NAME.pdf, NAME.txt, NAME.json)')
    .option('-w, --workers <n>', 'OCR workers (default: one per CPU core)')
    .option('-r, --recursive', 'read sub-folders of the folders given too')
    .option('--drop-blank', 'leave blank pages out of the PDF and text (they stay listed in the JSON)')
    .option('--osd', "ask tesseract's orientation detector about pages whose orientation is unclear (+~450 MB)")
    .option('--pdf-dpi <dpi>', 'resolution PDF pages are rendered at', '300')
    .option('--jpeg-quality <q>', 'JPEG quality of page images in the PDF', '70')
    .option('--max-pages <n>', 'refuse documents with more pages than this (TOO_MANY_PAGES)', '2000')
    .option('--json', 'print the summary as JSON on stdout (progress still goes to stderr)')
    .option('--no-progress', 'no progress bars')
    .action(async (inputs: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(inputs, flags);
    });
}

async function runScan(inputs: string[], flags: ScanFlags): Promise<ExitCode> {
  let options;
  try {
    options = parseScanOptions({
      outDir: flags.out,
      workers: flags.workers,
      dropBlank: flags.dropBlank ?? false,
      recursive: flags.recursive ?? false,
      osd: flags.osd ?? false,
      pdfDpi: flags.pdfDpi,
      jpegQuality: flags.jpegQuality,
      maxPages: flags.maxPages,
    });
  } catch (error) {
    process.stderr.write('recto scan: invalid options\n');
    return reportFailure('scan', error);
  }
  const display = createProgressDisplay(process.stderr, flags.progress !== false);
  let summary;
  try {
    summary = await scanBatch(inputs, options, (workers) => createTesseractEngine({ workers }), display);
  } catch (error) {
    // The batch itself could not run (the OCR engine would not start, the output folder cannot be made).
    display.stop();
    return reportFailure('scan', error);
  }
  display.stop();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatSummaryTable(summary)}\n`);
  }
  if (summary.failed > 0) process.stderr.write(`${formatFailures(summary)}\n`);
  return batchExitCode(summary.results.flatMap((result) => (result.status === 'failed' ? [result.error] : [])));
}

/**
 * 0 when every document was done. Otherwise the exit status of the failures' kind when they
 * are all of one kind (3: every input was missing or held no scans; 5: the disk or OCR engine
 * failed throughout), so a script can act on it; a mix is 1, with one line per failure above,
 * except that a bug anywhere is 70: it is worth reporting whatever else failed.
 */
function batchExitCode(failures: ReadonlyArray<{ code: RectoErrorCode }>): ExitCode {
  if (failures.length === 0) return EXIT.ok;
  const kinds = new Set(failures.map((failure) => ERROR_CATALOGUE[failure.code].exit));
  if (kinds.has(EXIT.internal)) return EXIT.internal;
  return kinds.size === 1 ? [...kinds][0] : EXIT.failed;
}
