import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { ScanOptions } from '../core/config.ts';
import { writeOutputFile } from '../core/durable-write.ts';
import { asRectoError, RectoError } from '../core/errors.ts';
import type { Sidecar, SidecarPage } from '../core/sidecar.ts';
import type { OcrEngine } from '../engines/ocr-engine.ts';
import { listInputs } from './list-inputs.ts';
import { scanDocument } from './scan-document.ts';

/**
 * Scans a batch of files into a folder: one engine pool for the whole batch, documents in
 * parallel sharing a page limiter, each document's outputs written atomically. A failed
 * document is reported and the others carry on.
 */

export type DocumentOutcome =
  | {
      status: 'done';
      fileName: string;
      outputs: { pdf: string | null; text: string; json: string };
      pages: number;
      meanConfidence: number;
      blankPages: number[];
      lowConfidencePages: number[];
      inputBytes: number;
      outputBytes: number;
      timingsMs: Sidecar['timingsMs'];
    }
  | {
      status: 'failed';
      fileName: string;
      error: ReturnType<RectoError['toJSON']>;
    };

export interface BatchSummary {
  documents: number;
  succeeded: number;
  failed: number;
  pages: number;
  blankPages: number;
  lowConfidencePages: number;
  meanConfidence: number;
  elapsedMs: number;
  pagesPerMinute: number;
  inputBytes: number;
  outputBytes: number;
  outDir: string;
  results: DocumentOutcome[];
}

export interface BatchProgress {
  onDocumentStart?(fileName: string, pages: number): void;
  onPageDone?(fileName: string, page: SidecarPage): void;
  onDocumentDone?(outcome: DocumentOutcome): void;
}

export async function scanBatch(
  paths: string[],
  options: ScanOptions,
  createEngine: (workers: number) => Promise<OcrEngine>,
  progress: BatchProgress = {},
): Promise<BatchSummary> {
  const started = performance.now();
  const { files, missing, empty } = await listInputs(paths, { recursive: options.recursive });
  const results: DocumentOutcome[] = [
    ...missing.map((input): DocumentOutcome => ({
      status: 'failed',
      fileName: input.path,
      error: new RectoError('INPUT_NOT_FOUND', 'no such file or folder').toJSON(),
    })),
    ...empty.map((folder): DocumentOutcome => ({
      status: 'failed',
      fileName: folder,
      error: new RectoError('NO_SCANS_FOUND', `no scans found in this folder${options.recursive ? ' or its sub-folders' : ' (its sub-folders are read only with --recursive)'}`).toJSON(),
    })),
  ];
  for (const outcome of results) progress.onDocumentDone?.(outcome);
  await mkdir(options.outDir, { recursive: true });

  const engine = files.length > 0 ? await createEngine(options.workers) : undefined;
  try {
    // Cleaning the next page while the pool reads the current ones keeps every worker busy.
    const limitPage = pLimit(options.workers);
    const limitDocument = pLimit(Math.max(2, options.workers));
    const outcomes = await Promise.all(
      files.map((file) =>
        limitDocument(async (): Promise<DocumentOutcome> => {
          const outcome = await scanOneFile(file, options, engine as OcrEngine, limitPage, progress);
          progress.onDocumentDone?.(outcome);
          return outcome;
        }),
      ),
    );
    results.push(...outcomes);
  } finally {
    await engine?.close();
  }
  return summarise(results, options.outDir, performance.now() - started);
}

async function scanOneFile(
  file: { path: string; fileName: string; stem: string },
  options: ScanOptions,
  engine: OcrEngine,
  limitPage: ReturnType<typeof pLimit>,
  progress: BatchProgress,
): Promise<DocumentOutcome> {
  try {
    const size = (await stat(file.path)).size;
    if (size > options.maxInputBytes) {
      throw new RectoError('FILE_TOO_LARGE', `${file.fileName}: ${size} bytes is over the ${options.maxInputBytes}-byte limit`);
    }
    const data = await readFile(file.path);
    const scanned = await scanDocument(
      { fileName: file.fileName, data, stem: file.stem },
      { engine, options, limitPage },
      {
        onPagesKnown: (count) => progress.onDocumentStart?.(file.fileName, count),
        onPageDone: (page) => progress.onPageDone?.(file.fileName, page),
      },
    );
    const outputs = {
      pdf: scanned.pdf ? path.join(options.outDir, `${file.stem}.pdf`) : null,
      text: path.join(options.outDir, `${file.stem}.txt`),
      json: path.join(options.outDir, `${file.stem}.json`),
    };
    if (scanned.pdf && outputs.pdf) await writeOutputFile(outputs.pdf, scanned.pdf);
    await writeOutputFile(outputs.text, scanned.text);
    // The sidecar goes last: its presence says the document's outputs are complete.
    await writeOutputFile(outputs.json, `${JSON.stringify(scanned.sidecar, null, 2)}\n`);
    const { sidecar } = scanned;
    return {
      status: 'done',
      fileName: file.fileName,
      outputs,
      pages: sidecar.pageCount,
      meanConfidence: sidecar.meanConfidence,
      blankPages: sidecar.blankPages,
      lowConfidencePages: sidecar.lowConfidencePages,
      inputBytes: sidecar.source.sizeBytes,
      outputBytes: sidecar.output.pdfSizeBytes,
      timingsMs: sidecar.timingsMs,
    };
  } catch (error) {
    return { status: 'failed', fileName: file.fileName, error: asRectoError(error).toJSON() };
  }
}

function summarise(results: DocumentOutcome[], outDir: string, elapsedMs: number): BatchSummary {
  const done = results.filter((result) => result.status === 'done');
  const pages = done.reduce((sum, result) => sum + result.pages, 0);
  const readPages = done.reduce((sum, result) => sum + result.pages - result.blankPages.length, 0);
  const confidenceSum = done.reduce((sum, result) => sum + result.meanConfidence * (result.pages - result.blankPages.length), 0);
  return {
    documents: results.length,
    succeeded: done.length,
    failed: results.length - done.length,
    pages,
    blankPages: done.reduce((sum, result) => sum + result.blankPages.length, 0),
    lowConfidencePages: done.reduce((sum, result) => sum + result.lowConfidencePages.length, 0),
    meanConfidence: readPages === 0 ? 0 : Math.round((confidenceSum / readPages) * 10) / 10,
    elapsedMs: Math.round(elapsedMs),
    pagesPerMinute: elapsedMs === 0 ? 0 : Math.round((pages / (elapsedMs / 60_000)) * 10) / 10,
    inputBytes: done.reduce((sum, result) => sum + result.inputBytes, 0),
    outputBytes: done.reduce((sum, result) => sum + result.outputBytes, 0),
    outDir,
    results,
  };
}
