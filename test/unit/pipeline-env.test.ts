import { describe, expect, it } from 'vitest';
import { parsePipelineOptions, parseScanOptions, type PipelineOptions } from '../../src/core/config.ts';
import { PIPELINE_ENV, pipelineOptionsFromEnv } from '../../src/service/pipeline-env.ts';
import { loadServiceConfig } from '../../src/service/service-config.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** One set of pipeline options for both runners: the service reads the same schema from its environment. */

const pipelineOf = (options: PipelineOptions): PipelineOptions => {
  const { dropBlank, osd, pdfDpi, maxInputPixels, maxPages, jpegQuality, lowConfidenceThreshold, textCoverageCheck } = options;
  return { dropBlank, osd, pdfDpi, maxInputPixels, maxPages, jpegQuality, lowConfidenceThreshold, textCoverageCheck };
};

describe('pipeline options from the environment', () => {
  it('has the defaults recto scan has, with nothing set', () => {
    const service = loadServiceConfig({}).pipeline;
    expect(service).toEqual(pipelineOf(parseScanOptions({ outDir: 'out' })));
    expect(service).toEqual(parsePipelineOptions());
  });

  it('reads every variable into its option', () => {
    const options = pipelineOptionsFromEnv({
      PDF_DPI: '200',
      DROP_BLANK: 'true',
      OSD: 'yes',
      JPEG_QUALITY: '45',
      LOW_CONFIDENCE_THRESHOLD: '62.5',
      MAX_INPUT_PIXELS: '50000000',
      MAX_PAGES: '50',
      TEXT_COVERAGE_CHECK: 'off',
    });
    expect(options).toEqual({ pdfDpi: 200, dropBlank: true, osd: true, jpegQuality: 45, lowConfidenceThreshold: 62.5, maxInputPixels: 50_000_000, maxPages: 50, textCoverageCheck: false });
    expect(Object.values(PIPELINE_ENV).sort()).toEqual(Object.keys(options).sort());
  });

  it('takes the usual ways of writing no', () => {
    for (const no of ['false', '0', 'no', 'OFF']) expect(pipelineOptionsFromEnv({ DROP_BLANK: no }).dropBlank).toBe(false);
  });

  it('refuses a bad value naming the variable, with the schema\'s own limits', async () => {
    const tooSharp = await expectRectoError(Promise.resolve().then(() => pipelineOptionsFromEnv({ PDF_DPI: '1200' })), 'INVALID_OPTIONS');
    expect(tooSharp.message).toMatch(/PDF_DPI/);
    const unclear = await expectRectoError(Promise.resolve().then(() => pipelineOptionsFromEnv({ DROP_BLANK: 'maybe' })), 'INVALID_OPTIONS');
    expect(unclear.message).toMatch(/DROP_BLANK/);
    expect(unclear.message).toMatch(/true or false/);
  });

  it('reports a bad pipeline variable and a bad service variable together', async () => {
    const error = await expectRectoError(Promise.resolve().then(() => loadServiceConfig({ JPEG_QUALITY: '5', PORT: 'eighty' })), 'INVALID_OPTIONS');
    expect(error.message).toMatch(/JPEG_QUALITY/);
    expect(error.message).toMatch(/PORT/);
  });
});
