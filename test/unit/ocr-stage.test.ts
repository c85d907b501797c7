import { describe, expect, it } from 'vitest';
import type { CleanedPage } from '../../src/core/types.ts';
import { toOcrResult } from '../../src/engines/tesseract-result.ts';
import { WorkerPool } from '../../src/engines/worker-pool.ts';
import { ocrPage } from '../../src/stages/ocr/ocr-page.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';

const page = (blank: boolean): CleanedPage => ({
  index: 0,
  width: 100,
  height: 140,
  dpi: 300,
  bilevel: false,
  displayImage: Buffer.alloc(0),
  displayFormat: 'jpeg',
  ocrImage: Buffer.from('png'),
  corrections: [],
  blank,
  inkRatio: 0,
});

describe('ocrPage', () => {
  it('does not spend engine time on blank pages', async () => {
    const engine = createFakeOcrEngine();
    expect(await ocrPage(page(true), engine)).toMatchObject({ text: '', words: [] });
    expect(engine.calls).toBe(0);
    expect((await ocrPage(page(false), engine)).words.length).toBeGreaterThan(0);
    expect(engine.calls).toBe(1);
  });

  it('records which engine and model read the page, and none for a blank page', async () => {
    const engine = { ...createFakeOcrEngine(), model: 'eng test' };
    expect((await ocrPage(page(false), engine)).readBy).toEqual({ engine: 'fake', version: 'fake-ocr 1', model: 'eng test' });
    expect((await ocrPage(page(true), engine)).readBy).toBeUndefined();
  });
});

describe('toOcrResult', () => {
  const word = (text: string, x0: number, confidence = 90) => ({ text, confidence, bbox: { x0, y0: 10, x1: x0 + 50, y1: 40 } });
  const blocks = [
    {
      paragraphs: [
        {
          lines: [
            { text: 'NHS No 999', confidence: 90, bbox: { x0: 0, y0: 10, x1: 200, y1: 40 }, words: [word('NHS', 0), word('No', 60), word('  ', 120), word('999', 130, 60)] },
            { text: 'Second line', confidence: 80, bbox: { x0: 0, y0: 50, x1: 200, y1: 80 }, words: [word('Second', 0), word('line', 60)] },
          ],
        },
        { lines: [{ text: 'New paragraph', confidence: 70, bbox: { x0: 0, y0: 100, x1: 200, y1: 130 }, words: [word('New', 0), word('paragraph', 60)] }] },
      ],
    },
  ];

  it('flattens blocks into reading-order words and lines, dropping empty words', () => {
    const result = toOcrResult(blocks);
    expect(result.words.map((w) => w.text)).toEqual(['NHS', 'No', '999', 'Second', 'line', 'New', 'paragraph']);
    expect(result.lines.map((line) => line.wordIndexes)).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    expect(result.text).toBe('NHS No 999\nSecond line\n\nNew paragraph');
    expect(result.meanConfidence).toBeCloseTo((90 * 6 + 60) / 7, 1);
  });

  it('copes with no output at all', () => {
    expect(toOcrResult(null)).toEqual({ text: '', words: [], lines: [], meanConfidence: 0 });
  });
});

describe('WorkerPool', () => {
  it('never gives one worker two jobs at once, and serves waiting jobs in order', async () => {
    const pool = new WorkerPool(['a', 'b']);
    const busy = new Set<string>();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, job) =>
        pool.run(async (worker) => {
          expect(busy.has(worker)).toBe(false);
          busy.add(worker);
          await new Promise((resolve) => setTimeout(resolve, 5));
          busy.delete(worker);
          order.push(job);
        }),
      ),
    );
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('releases the worker when a job fails', async () => {
    const pool = new WorkerPool(['only']);
    await expect(pool.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.run(async (worker) => worker)).resolves.toBe('only');
  });
});
