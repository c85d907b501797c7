/**
 * Engine (d): OCRmyPDF with deskew, page rotation and unpaper cleaning, then `pdftotext` of its
 * output PDF. Files run one after another, each with `-j workers` (ocrmypdf's own page pool).
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { readDriverJob, recordFailure, type DriverJobItem } from './driver-job.ts';
import { runCommand } from './run-command.ts';

const job = await readDriverJob();

/** ocrmypdf refuses images with an alpha channel; flatten onto white paper, keeping the DPI. */
async function ocrmypdfReadableInput(item: DriverJobItem): Promise<string> {
  if (!item.hasAlpha) return item.input;
  const flattened = join(job.scratchDir, `${item.id}.flat.png`);
  await sharp(item.input).flatten({ background: '#ffffff' }).keepMetadata().png().toFile(flattened);
  return flattened;
}

for (const item of job.items) {
  const outPdf = join(job.outDir, `${item.id}.pdf`);
  try {
    const input = await ocrmypdfReadableInput(item);
    const dpiArgs = item.imageDpi ? ['--image-dpi', String(item.imageDpi)] : [];
    const args = ['--deskew', '--rotate-pages', '--clean', '-j', String(job.workers), '--output-type', 'pdf', ...dpiArgs];
    await runCommand('ocrmypdf', [...args, input, outPdf]);
    // -raw keeps the content-stream order, i.e. tesseract's own reading order. pdftotext's default
    // re-flows the invisible text layer by position, which interleaved columns and cost 20-50 pp
    // of CER on linn/unlv/eurotext for reasons that have nothing to do with recognition.
    await runCommand('pdftotext', ['-raw', outPdf, join(job.outDir, `${item.id}.txt`)]);
  } catch (error) {
    await recordFailure(job.outDir, item.id, error);
  }
}
