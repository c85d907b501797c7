import { readFileSync } from 'node:fs';
import { assemblePdf } from './src/stages/assemble/assemble-pdf.ts';
import { cleanPage } from './src/stages/clean/clean-page.ts';
import { openPages } from './src/stages/split-pages.ts';
const sc = JSON.parse(readFileSync('/tmp/exp/all/clean-letter.json', 'utf8'));
const ocr = { text: '', words: sc.pages[0].words, lines: sc.pages[0].lines, meanConfidence: 90 };
const pages = await openPages(readFileSync('samples/clean-letter.png'), 'png', 'x', { pdfDpi: 300, maxInputPixels: 1e8 });
let t = performance.now();
const page = await cleanPage(await pages.load(0), { jpegQuality: 70 });
console.log('clean', performance.now() - t);
for (let i = 0; i < 4; i++) {
  t = performance.now();
  await assemblePdf([{ page, ocr }], { title: 't', created: new Date(), documentId: 'x', producer: 'p' });
  console.log('assemble', performance.now() - t);
}
