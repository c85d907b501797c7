import { type Command, Option } from 'commander';
import { parseScanOptions, type ScanOptions } from '../core/config.ts';
import { ERROR_CATALOGUE, EXIT, type ExitCode, RectoError, type RectoErrorCode } from '../core/errors.ts';
import { createOcrEngine, OCR_ENGINES, type OcrEngineSettings, parseOcrEngineSettings } from '../engines/create-ocr-engine.ts';
import { OCR_MODELS } from '../engines/ocr-models.ts';
import { openTrustServices } from '../filing/open-trust-services.ts';
import { loadTrustConfig } from '../filing/trust-config.ts';
import type { LocalFiling } from '../runners/local-filing.ts';
import type { BatchSummary } from '../runners/batch-summary.ts';
import { scanBatch } from '../runners/scan-batch.ts';
import { DEFAULT_DATA_DIR, type EmbeddedStorage, openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import { cliActor } from './cli-actor.ts';
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
  trustConfig?: string;
  deliver?: boolean;
  dataDir: string;
  progress?: boolean;
  ocrEngine?: string;
  ocrModel?: string;
  tessdata?: string;
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
    .addOption(
      new Option('--ocr-engine <engine>', 'OCR engine: auto is native tesseract 5 when on the PATH, else tesseract.js')
        .choices(OCR_ENGINES)
        .env('OCR_ENGINE')
        .default('auto'),
    )
    .addOption(
      new Option('--ocr-model <model>', 'English model: best_int (from npm), fast (Debian tesseract-ocr-eng), best (needs --tessdata)')
        .choices(OCR_MODELS)
        .env('OCR_MODEL')
        .default('best_int'),
    )
    .addOption(new Option('--tessdata <dir>', 'folder holding eng.traineddata for --ocr-model fast or best').env('OCR_TESSDATA'))
    .option('--pdf-dpi <dpi>', 'resolution PDF pages are rendered at', '300')
    .option('--jpeg-quality <q>', 'JPEG quality of page images in the PDF', '70')
    .option('--max-pages <n>', 'refuse documents with more pages than this (TOO_MANY_PAGES)', '2000')
    .option('--trust-config <file>', "the trust's settings (see samples/trust/trust-config.example.json): decide each document's patient from its index, or why a person must")
    .option('--deliver', 'send each filed document to the record systems its type is routed to (needs --trust-config; documents for review are never sent)')
    .addOption(new Option('--data-dir <dir>', 'with --deliver: the data folder whose audit log records each delivery').env('DATA_DIR').default(DEFAULT_DATA_DIR))
    .option('--json', 'print the summary as JSON on stdout (progress still goes to stderr)')
    .option('--no-progress', 'no progress bars')
    .action(async (inputs: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(inputs, flags);
    });
}

async function runScan(inputs: string[], flags: ScanFlags): Promise<ExitCode> {
  let options: ScanOptions;
  let ocr: OcrEngineSettings;
  try {
    ocr = parseOcrEngineSettings({ engine: flags.ocrEngine as OcrEngineSettings['engine'], model: flags.ocrModel as OcrEngineSettings['model'], tessdataDir: flags.tessdata });
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
    if (flags.deliver && !flags.trustConfig) {
      throw new RectoError('INVALID_OPTIONS', '--deliver needs --trust-config: the trust configuration names the record systems and the patient index');
    }
  } catch (error) {
    return reportFailure('scan', error);
  }

  let opened: OpenedFiling | undefined;
  try {
    opened = flags.trustConfig ? await openFiling(flags.trustConfig, flags.deliver ? { dataDir: flags.dataDir } : undefined) : undefined;
  } catch (error) {
    // A bad config or index export is found before any page is read, not after an hour of OCR.
    return reportFailure('scan', error);
  }

  const display = createProgressDisplay(process.stderr, flags.progress !== false);
  let summary: BatchSummary;
  try {
    summary = await scanBatch(inputs, options, (workers) => createOcrEngine(ocr, workers), display, opened?.filing);
  } catch (error) {
    // The batch itself could not run (the OCR engine would not start, the output folder cannot be made).
    display.stop();
    return reportFailure('scan', error);
  } finally {
    await opened?.close();
  }
  display.stop();
  process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummaryTable(summary)}\n`);
  const failures = formatFailures(summary);
  if (failures) process.stderr.write(`${failures}\n`);
  return batchExitCode(failuresOf(summary));
}

/** Every error of the batch: documents that failed, decisions that could not be made, deliveries that failed. */
function failuresOf(summary: BatchSummary): Array<{ code: RectoErrorCode }> {
  return summary.results.flatMap((result) => {
    if (result.status === 'failed') return [result.error];
    const { filing } = result;
    if (filing?.outcome === 'failed') return [filing.error];
    if (filing?.outcome !== 'file') return [];
    return filing.deliveries.flatMap((delivery) => (delivery.status === 'failed' ? [delivery.error] : []));
  });
}

/**
 * 0 when every document was done (and decided and delivered, when asked). Otherwise the exit
 * status of the failures' kind when they are all of one kind (3: every input was missing or
 * held no scans; 5: the disk, OCR engine, index or record system failed throughout), so a
 * script can act on it; a mix is 1, with one line per failure above, except that a bug
 * anywhere is 70: it is worth reporting whatever else failed.
 */
function batchExitCode(failures: ReadonlyArray<{ code: RectoErrorCode }>): ExitCode {
  if (failures.length === 0) return EXIT.ok;
  const kinds = new Set(failures.map((failure) => ERROR_CATALOGUE[failure.code].exit));
  if (kinds.has(EXIT.internal)) return EXIT.internal;
  return kinds.size === 1 ? [...kinds][0] : EXIT.failed;
}

interface OpenedFiling {
  filing: LocalFiling;
  close(): Promise<void>;
}

/**
 * The trust's config, checked whole, and its patient index (a CSV export is read and checked
 * now); with --deliver also the data folder's stores, where deliveries are recorded and audited.
 */
async function openFiling(file: string, deliverWith: { dataDir: string } | undefined): Promise<OpenedFiling> {
  const { config, warnings } = await loadTrustConfig(file);
  for (const warning of warnings) process.stderr.write(`trust configuration: ${warning}\n`);
  const services = await openTrustServices(config);
  if (!deliverWith) return { filing: { config, services }, close: () => services.close() };
  let storage: EmbeddedStorage;
  try {
    storage = openEmbeddedStorage({ dataDir: deliverWith.dataDir });
  } catch (error) {
    await services.close();
    throw error;
  }
  return {
    filing: { config, services, deliver: { audit: storage.audit, actor: cliActor() } },
    close: async () => {
      await services.close();
      await storage.close();
    },
  };
}
