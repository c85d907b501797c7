import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTrustConfig } from '../../src/filing/trust-config.ts';
import { openCsvPatientIndex } from '../../src/matching/csv-patient-index.ts';
import { decide } from '../../src/stages/decide/decide.ts';
import { pdfToText } from '../support/poppler.ts';
import { SAMPLES_DIR, sampleFiles } from '../support/samples.ts';
import { type SamplesOcr, samplesOcr } from '../support/samples-ocr.ts';

/**
 * No text silently lost (issue 11), on the run's shared scan of every sample: a paragraph that
 * tesseract's layout analysis drops is read again and recovered; a block no OCR can read is
 * flagged (textMissing, with its box) and sends the document to review; no other sample is flagged.
 */

const FAINT = 'text-faint-paragraph.png';
const UNREADABLE = 'text-unreadable-block.png';
/** The faint paragraph's first and last words, as printed (samples/expected/text-faint-paragraph.txt). */
const FAINT_WORDS = ['metformin', 'gliclazide', 'hypoglycaemic', 'glucose', '146/92'];

let samples: SamplesOcr;

beforeAll(async () => {
  samples = await samplesOcr();
}, 600_000);

describe('text OCR passed over', () => {
  it('recovers a faint paragraph by reading it again: in the text, the text layer and the sidecar, with the re-read timed', () => {
    const sidecar = samples.sidecar(FAINT);
    const text = samples.text(FAINT);
    const layer = pdfToText(path.join(samples.outDir, sidecar.output.pdf ?? ''));
    for (const word of FAINT_WORDS) {
      expect(text).toContain(word);
      expect(layer).toContain(word);
    }
    // In reading order: after the paragraph before it, before the one after it.
    expect(text.indexOf('metformin')).toBeGreaterThan(text.indexOf('Dear'));
    expect(text.indexOf('146/92')).toBeLessThan(text.indexOf('monofilament'));
    expect(sidecar.pages[0].textMissing).toBeUndefined();
    expect(sidecar.pages[0].timingsMs.reread).toBeGreaterThan(0);
  });

  it('flags a block no OCR can read, with its box, and counts the page in the summary', () => {
    const [page] = samples.sidecar(UNREADABLE).pages;
    expect(page.textMissing).toHaveLength(1);
    const [{ bbox }] = page.textMissing ?? [];
    // The mirrored paragraph is printed from about y 2784 to 2952, across the text column.
    expect(bbox.y0).toBeGreaterThan(2740);
    expect(bbox.y1).toBeLessThan(3000);
    expect(bbox.x1 - bbox.x0).toBeGreaterThan(1200);
    const result = samples.summary.results.find((outcome) => outcome.fileName === UNREADABLE);
    expect(result).toMatchObject({ status: 'done', textMissingPages: [0] });
  });

  it('sends the document with text missing to review with TEXT_MISSING, naming the page and box', async () => {
    const trust = await loadTrustConfig(path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json'));
    const index = await openCsvPatientIndex(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'));
    const sidecar = samples.sidecar(UNREADABLE);
    const decision = await decide(sidecar.fields, index, trust.config, sidecar.pages);
    expect(decision.outcome).toBe('review');
    if (decision.outcome !== 'review') return;
    expect(decision.reasons).toContainEqual(expect.objectContaining({ code: 'TEXT_MISSING', regions: [{ page: 0, bbox: sidecar.pages[0].textMissing?.[0].bbox }] }));
  });

  it('flags no other sample', () => {
    const flagged = sampleFiles()
      .filter((fileName) => fileName !== UNREADABLE)
      .filter((fileName) => samples.sidecar(fileName).pages.some((page) => page.textMissing));
    expect(flagged).toEqual([]);
  });
});
