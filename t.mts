import { readFileSync } from 'node:fs';
import { pdfWordBoxes } from './test/support/poppler.ts';
for (const n of ['noisy-speckle', 'fax-g4-2pages']) {
const sc = JSON.parse(readFileSync(`/tmp/exp/all/${n}.json`, 'utf8'));
const words = sc.pages.flatMap((p: any) => p.words.map((w: any) => ({ ...w, dpi: p.dpi })));
const boxes = pdfWordBoxes(`/tmp/exp/all/${n}.pdf`);
console.log(n, words.length, boxes.length);
let shown = 0;
for (let i = 0; i < Math.min(words.length, boxes.length); i++) {
  const w = words[i], b = boxes[i];
  const cx = (b.xMin + b.xMax) / 2 * w.dpi / 72;
  if (w.text !== b.text || cx < w.bbox.x0 || cx > w.bbox.x1) { if (shown++ < 3) console.log(i, JSON.stringify(words[i-1].text), JSON.stringify(w), JSON.stringify(b)); }
}
}
