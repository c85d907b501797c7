import type { Command } from 'commander';
import { parseScanOptions } from '../core/config.ts';
import { RectoError } from '../core/errors.ts';
import { createTesseractEngine } from '../engines/tesseract-engine.ts';
import { scanBatch } from '../runners/scan-batch.ts';
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

async function runScan(inputs: string[], flags: ScanFlags): Promise<number> {
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
    const problem = error as RectoError;
    process.stderr.write(`recto scan: invalid options\n${problem.message}\n${problem.hint}\n`);
    return 2;
  }
  const display = createProgressDisplay(process.stderr, flags.progress !== false);
  const summary = await scanBatch(inputs, options, (workers) => createTesseractEngine({ workers }), display);
  display.stop();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatSummaryTable(summary)}\n`);
  }
  if (summary.failed > 0) process.stderr.write(`${formatFailures(summary)}\n`);
  return summary.failed > 0 ? 1 : 0;
}
