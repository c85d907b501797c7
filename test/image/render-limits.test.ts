import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { RectoError } from '../../src/core/errors.ts';
import { openWithPdfJs, renderPdfPage } from '../../src/stages/split/render-pdf.ts';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { bilevelTiff, oversizeImagePdf } from '../bad-input/hostile-formats.ts';

/** The limits around decoding and rendering: a page that would take too long, too much heap, or too many pixels. */

async function typedLetterPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595.28, 841.89]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let line = 0; line < 40; line++) page.drawText(`Line ${line} of a typed clinic letter`, { x: 50, y: 800 - line * 18, size: 12, font });
  return Buffer.from(await document.save());
}

const failureOf = (work: Promise<unknown>): Promise<RectoError | undefined> =>
  work.then(
    () => undefined,
    (error: RectoError) => error,
  );

describe('the pdf.js render thread', () => {
  it('ends a page that runs over its time limit with PDF_TOO_COMPLEX, and this process carries on', async () => {
    const data = await typedLetterPdf();
    const document = await openWithPdfJs(data, 'slow.pdf', { maxPixels: 100e6, pageTimeoutMs: 50 });
    const started = performance.now();
    // A 300-dpi A4 page (8.7 Mpx) takes far longer than 50 ms to measure, render and copy out.
    const error = await failureOf(renderPdfPage(document, 0, 'slow.pdf', { dpi: 300, maxPixels: 100e6, pageTimeoutMs: 50 }));
    expect(error?.code).toBe('PDF_TOO_COMPLEX');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(/^slow\.pdf: .* took longer than 50 ms$/);
    expect(performance.now() - started).toBeLessThan(2000);
    // The thread is gone: a further page fails at once with the same error instead of hanging.
    expect((await failureOf(renderPdfPage(document, 0, 'slow.pdf', { dpi: 300, maxPixels: 100e6 })))?.code).toBe('PDF_TOO_COMPLEX');
    await document.destroy();
    // A fresh document with the default limits renders normally.
    const fresh = await openWithPdfJs(data, 'letter.pdf', { maxPixels: 100e6 });
    try {
      const page = await renderPdfPage(fresh, 0, 'letter.pdf', { dpi: 100, maxPixels: 100e6 });
      expect([page.width, page.height]).toEqual([827, 1170]);
    } finally {
      await fresh.destroy();
    }
  });

  it('turns running out of its heap into PDF_TOO_COMPLEX, not a crash', async () => {
    // 8 MB is far below what pdf.js needs just to load: the thread dies of V8's heap limit.
    const error = await failureOf(openWithPdfJs(await typedLetterPdf(), 'heavy.pdf', { maxPixels: 100e6, heapMb: 8 }));
    expect(error?.code).toBe('PDF_TOO_COMPLEX');
    expect(error?.message).toBe('heavy.pdf: the PDF needs more than the 8 MB allowed to render it');
  });

  it('refuses an image over the pixel limit inside a form (IMAGE_TOO_LARGE) but renders one under it', async () => {
    const limit = { pdfDpi: 72, maxInputPixels: 10e6 };
    const over = await openPages(oversizeImagePdf(4000, 4000, { insideForm: true }), 'pdf', 'over.pdf', limit);
    try {
      const error = await failureOf(over.load(0));
      expect(error?.code).toBe('IMAGE_TOO_LARGE');
      expect(error?.message).toBe('over.pdf: an image is larger than the limit of 10000000 pixels');
    } finally {
      await over.close();
    }
    const under = await openPages(oversizeImagePdf(3000, 3000, { insideForm: true }), 'pdf', 'under.pdf', limit);
    try {
      const page = await under.load(0);
      // The black band at the top of the image is on the page: the image was drawn, not dropped.
      expect(page.pixels[0]).toBeLessThan(64);
      expect(page.pixels[(page.height - 1) * page.width * page.channels]).toBeGreaterThan(192);
    } finally {
      await under.close();
    }
  });
});

describe('multi-page TIFF', () => {
  it('judges every page against the pixel limit before decoding it, not only the first', async () => {
    const tiff = bilevelTiff([
      { width: 2480, height: 3508 },
      { width: 30000, height: 30000 },
    ]);
    const pages = await openPages(tiff, 'tiff', 'ward-fax.tif', { pdfDpi: 300, maxInputPixels: 100e6 });
    expect(pages.count).toBe(2);
    expect((await pages.load(0)).width).toBe(2480);
    const rssBefore = process.memoryUsage.rss();
    const error = await failureOf(pages.load(1));
    expect(error?.code).toBe('IMAGE_TOO_LARGE');
    // 900 Mpx decoded would be 900 MB of grey pixels; refused from the header, memory hardly moves.
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('counts the pages against maxPages before decoding any', async () => {
    const tiff = bilevelTiff(Array.from({ length: 6 }, () => ({ width: 8, height: 8 })));
    const error = await failureOf(openPages(tiff, 'tiff', 'six.tif', { pdfDpi: 300, maxInputPixels: 100e6, maxPages: 5 }));
    expect(error?.code).toBe('TOO_MANY_PAGES');
    expect(error?.message).toBe('six.tif: 6 pages, more than the limit of 5 for one document');
    expect((await openPages(tiff, 'tiff', 'six.tif', { pdfDpi: 300, maxInputPixels: 100e6, maxPages: 6 })).count).toBe(6);
  });
});
