import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Sidecar, SidecarSchema } from '../../src/core/sidecar.ts';
import type { BatchSummary } from '../../src/runners/scan-batch.ts';
import { pdfWordBoxes } from '../support/poppler.ts';
import { nativeTesseractMissing } from '../support/native-tesseract.ts';
import { SAMPLES_DIR, sampleFiles, sampleManifest, sampleTruth } from '../support/samples.ts';
import { type SamplesEngine, samplesOcr } from '../support/samples-ocr.ts';
import { characterErrorRate, findNhsNumbers } from '../support/text-metrics.ts';

/**
 * Golden tests: every sample through the real pipeline (2 workers), compared with its true text,
 * once with each engine, named explicitly: tesseract.js, and the native tesseract CLI, which is
 * skipped with the reason shown only where tesseract 5 is not installed (CI installs it). Both
 * engines read with the same model (best_int) and are held to the same bounds. One batch run per
 * engine feeds all the checks below: the run's shared scan of the samples (support/samples-ocr.ts),
 * made by the first test file that needs it.
 */

const thresholds: Record<string, number> = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'cer-thresholds.json'), 'utf8'),
);
const manifest = sampleManifest();
const nativeMissing = nativeTesseractMissing();

describe('tesseract.js engine', () => goldenSuite('tesseract.js'));
describe.skipIf(nativeMissing !== undefined)(`native tesseract engine${nativeMissing ? ` (skipped: ${nativeMissing})` : ''}`, () => goldenSuite('native'));

function goldenSuite(engine: SamplesEngine): void {
  let outDir: string;
  let summary: BatchSummary;

  const stemOf = (fileName: string): string => path.basename(fileName, path.extname(fileName));
  const sidecarOf = (fileName: string): Sidecar =>
    JSON.parse(readFileSync(path.join(outDir, `${stemOf(fileName)}.json`), 'utf8'));
  const textOf = (fileName: string): string => readFileSync(path.join(outDir, `${stemOf(fileName)}.txt`), 'utf8');

  // Every sample through one engine: minutes on 2 idle cores, far more on a shared busy machine.
  beforeAll(async () => {
    ({ outDir, summary } = await samplesOcr(engine));
  }, 1_500_000);

  describe('recto scan on every sample', () => {
    it('completes every document', () => {
      expect(summary.failed).toBe(0);
      expect(summary.succeeded).toBe(sampleFiles().length);
    });

    for (const fileName of sampleFiles()) {
      describe(fileName, () => {
        it(`reads the text within its recorded CER (${thresholds[fileName]})`, () => {
          const cer = characterErrorRate(sampleTruth(fileName), textOf(fileName));
          expect(cer).toBeLessThanOrEqual(thresholds[fileName]);
        });

        it('reads every NHS number exactly', () => {
          const found = findNhsNumbers(textOf(fileName));
          for (const number of manifest[fileName].nhsNumbers) expect(found).toContain(number);
        });

        it('records the source, the corrections and the flags in the sidecar', () => {
          const sidecar = sidecarOf(fileName);
          const original = readFileSync(path.join(SAMPLES_DIR, fileName));
          expect(sidecar.schemaVersion).toBe(2);
          expect(SidecarSchema.safeParse(sidecar).error).toBeUndefined();
          // What extraction read is in the sidecar: every NHS number on the page, the patient's or someone else's.
          const read = [...sidecar.fields.nhsNumbers, ...(sidecar.fields.otherPersonsNhsNumbers ?? [])].map((found) => found.value);
          expect(read.sort()).toEqual([...manifest[fileName].nhsNumbers].sort());
          expect(sidecar.source).toMatchObject({
            fileName,
            sizeBytes: original.length,
            sha256: createHash('sha256').update(original).digest('hex'),
            format: manifest[fileName].format,
          });
          expect(sidecar.pages).toHaveLength(manifest[fileName].pages);
          expect(sidecar.blankPages).toEqual(manifest[fileName].blankPages);
          const truthPages = sampleTruth(fileName).split('\f');
          for (const page of sidecar.pages) {
            if (page.blank) continue;
            // A near-blank page ("This page is intentionally left blank") has its few words, not 50.
            const truthWords = truthPages[page.index].split(/\s+/).filter(Boolean).length;
            const rotation = page.corrections.find((correction) => correction.kind === 'rotate');
            expect(rotation?.degrees ?? 0).toBe(manifest[fileName].uprightRotation);
            expect(page.words.length).toBeGreaterThan(Math.min(50, truthWords / 2));
            expect(page.meanConfidence).toBeGreaterThan(60);
            expect(page.readBy).toMatchObject({ engine: engine === 'native' ? 'tesseract' : 'tesseract.js', model: 'eng best_int' });
          }
          // Every page but a blank one was read by the engine, which takes time.
          if (sidecar.pages.some((page) => !page.blank)) expect(sidecar.timingsMs.ocr).toBeGreaterThan(0);
        });

        it('has a text layer whose words sit inside their boxes (and lines) on the page image', () => {
          const sidecar = sidecarOf(fileName);
          if (!sidecar.output.pdf) return expect(manifest[fileName].blankPages.length).toBe(sidecar.pageCount);
          const boxes = pdfWordBoxes(path.join(outDir, sidecar.output.pdf));
          const pages = sidecar.pages.filter((page) => !page.dropped);
          // The text layer takes each word's height from its line (so a line reads as one run of text).
          const words = pages.flatMap((page, pageIndex) =>
            page.lines.flatMap((line) => line.wordIndexes.map((i) => ({ ...page.words[i], line: line.bbox, pageIndex, dpi: page.dpi }))),
          );
          expect(boxes.length).toBe(words.length);
          words.forEach((word, index) => {
            const box = boxes[index];
            expect(box.text).toBe(word.text);
            expect(box.page).toBe(word.pageIndex);
            const pixelsPerPoint = word.dpi / 72;
            const centreX = ((box.xMin + box.xMax) / 2) * pixelsPerPoint;
            const centreY = ((box.yMin + box.yMax) / 2) * pixelsPerPoint;
            const where = `word ${index} "${word.text}" ${JSON.stringify(word.bbox)} vs text layer ${JSON.stringify(box)}`;
            expect(centreX, where).toBeGreaterThanOrEqual(word.bbox.x0);
            expect(centreX, where).toBeLessThanOrEqual(word.bbox.x1);
            expect(centreY, where).toBeGreaterThanOrEqual(Math.min(word.bbox.y0, word.line.y0));
            expect(centreY, where).toBeLessThanOrEqual(Math.max(word.bbox.y1, word.line.y1));
          });
        });
      });
    }
  });
}
