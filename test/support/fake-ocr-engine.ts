import type { OcrEngine, RecognizeRequest } from '../../src/engines/ocr-engine.ts';
import type { OcrLine, OcrResult, OcrWord } from '../../src/core/types.ts';

/**
 * An OcrEngine that reads nothing: it returns the words it was given, laid out as lines, for
 * every page. Used where a test is about the pipeline around OCR (assembly, batching, errors),
 * not about recognition (the golden tests use the real engine).
 */
export function createFakeOcrEngine(lines: string[] = ['NHS No 999 636 9668', 'Discharge summary for Test Patient']): OcrEngine & {
  calls: number;
} {
  const engine = {
    name: 'fake',
    version: 'fake-ocr 1',
    calls: 0,
    async recognize(_request: RecognizeRequest): Promise<OcrResult> {
      engine.calls++;
      return layOut(lines);
    },
    async close(): Promise<void> {},
  };
  return engine;
}

/** Places each line 60 px tall, 100 px apart, words 40 px per character plus a gap. */
export function layOut(lines: string[]): OcrResult {
  const words: OcrWord[] = [];
  const ocrLines: OcrLine[] = [];
  lines.forEach((line, row) => {
    const y0 = 200 + row * 100;
    let x = 200;
    const wordIndexes: number[] = [];
    for (const text of line.split(' ')) {
      const width = text.length * 40;
      wordIndexes.push(words.length);
      words.push({ text, bbox: { x0: x, y0, x1: x + width, y1: y0 + 60 }, confidence: 90 });
      x += width + 30;
    }
    ocrLines.push({ text: line, bbox: { x0: 200, y0, x1: x - 30, y1: y0 + 60 }, confidence: 90, wordIndexes });
  });
  return { text: lines.join('\n'), words, lines: ocrLines, meanConfidence: 90 };
}
