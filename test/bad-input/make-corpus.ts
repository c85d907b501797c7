// Builds the bad-input corpus: files a hospital scanning share really receives by mistake
// (empty uploads, half-copied files, locked PDFs, the wrong kind of file) plus hostile
// bombs: pixel bombs and page-count bombs, small files that claim enormous work. Each must be rejected with a specific error code, listed in expected.json.
// Run: npx tsx test/bad-input/make-corpus.ts   (deterministic; needs qpdf on PATH)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { bilevelPng, storedZip } from './binary-formats.ts';
import { manyPageTiff, oversizeImagePdf, pageTreeBombPdf, pageTreeChainPdf, pageTreeLoopPdf } from './hostile-formats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXED_DATE = new Date(Date.UTC(2025, 0, 1)); // pdf-lib stamps "now" unless told

interface Expectation {
  code: string;
  why: string;
}

/** A small but real scanned-looking page (A4 at 100 dpi) to truncate and encrypt. */
async function pagePixels(): Promise<Sharp> {
  const w = 827;
  const h = 1169;
  const lines = ['Northbrook Hospitals NHS Foundation Trust', 'Clinic Letter', 'NHS No: 999 636 9668',
    'Patient: Mr Arthur Pennington', 'This page exists only to be damaged by the test corpus.'];
  const text = lines
    .map((t, i) => `<text x="83" y="${120 + i * 40}" font-family="DejaVu Sans" font-size="22">${t}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#f2f2f2"/>${text}</svg>`;
  const { data } = await sharp(Buffer.from(svg)).greyscale().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  // Seeded grain (an LCG, not Math.random) makes the encoded image big enough that a 40 %
  // cut lands inside the pixel data, and keeps the output identical on every run.
  let seed = 20250101;
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    data[i] = Math.max(0, Math.min(255, data[i] + ((seed >>> 24) % 25) - 12));
  }
  return sharp(data, { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').withDensity(100);
}

async function imagePdf(jpeg: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const img = await pdf.embedJpg(jpeg);
  pdf.addPage([595.28, 841.89]).drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Keep the first 40 % of the bytes: an interrupted copy or upload. */
const truncate = (buf: Buffer): Buffer => buf.subarray(0, Math.floor(buf.length * 0.4));

/**
 * Encrypt with qpdf (AES-256, user password "user-pw"). AES-256 (R6) draws random salts
 * that qpdf cannot fix, so a fresh encryption differs on every run. To keep the committed
 * fixture stable, the existing file is reused when it still decrypts to the same PDF.
 */
function encrypt(plain: Buffer, existingPath: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'recto-corpus-'));
  const qpdf = (...args: string[]): void => void execFileSync('qpdf', args, { stdio: 'ignore' });
  try {
    const src = join(dir, 'in.pdf');
    const fresh = join(dir, 'fresh.pdf');
    writeFileSync(src, plain);
    qpdf('--static-id', '--static-aes-iv', '--encrypt', 'user-pw', 'owner-pw', '256', '--', src, fresh);
    if (existsSync(existingPath)) {
      try {
        // Decrypting both with a static ID gives identical bytes iff the contents match.
        qpdf('--static-id', '--password=user-pw', '--decrypt', fresh, join(dir, 'a.pdf'));
        qpdf('--static-id', '--password=user-pw', '--decrypt', existingPath, join(dir, 'b.pdf'));
        if (readFileSync(join(dir, 'a.pdf')).equals(readFileSync(join(dir, 'b.pdf')))) return readFileSync(existingPath);
      } catch {
        // unreadable or stale: use the fresh encryption
      }
    }
    return readFileSync(fresh);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const files: Record<string, [Buffer, Expectation]> = {};
  const add = (name: string, data: Buffer, code: string, why: string): void => {
    files[name] = [data, { code, why }];
  };

  const png = await (await pagePixels()).png({ compressionLevel: 9 }).toBuffer();
  const jpeg = await (await pagePixels()).jpeg({ quality: 85 }).toBuffer();
  const pdf = await imagePdf(jpeg);

  add('empty.png', Buffer.alloc(0), 'EMPTY_FILE', 'zero bytes: an upload or copy that never started');
  add('truncated.png', truncate(png), 'CORRUPT_IMAGE', 'valid PNG cut to 40 % of its bytes: IDAT ends early, no IEND');
  add('truncated.jpg', truncate(jpeg), 'CORRUPT_IMAGE', 'valid JPEG cut to 40 % of its bytes: scan data ends early, no EOI marker');
  add('truncated.pdf', truncate(pdf), 'CORRUPT_PDF', 'valid image PDF cut to 40 %: image stream unterminated, no xref or trailer');
  add('password-protected.pdf', encrypt(pdf, join(HERE, 'password-protected.pdf')), 'PDF_ENCRYPTED',
    'AES-256 encrypted with user password "user-pw": cannot be opened without it');
  add('pixel-bomb-30000x30000.png', bilevelPng(30000, 30000, 300), 'IMAGE_TOO_LARGE',
    'real, valid 30000x30000 1-bit PNG (~150 KB) that decodes to 900 megapixels');
  add('text-file-named.png', Buffer.from('This is not a scan\u2026 it is a plain UTF-8 text file with a .png name.\n', 'utf8'),
    'WRONG_FILE_TYPE', 'plain UTF-8 text whose name claims PNG; contents do not match the extension');
  add('spreadsheet.gif', await gif(), 'UNSUPPORTED_FORMAT', 'a real GIF image: a format the pipeline does not accept');
  add('archive.zip', storedZip('referral.txt', Buffer.from('Referral letter to follow.\n', 'utf8')),
    'UNSUPPORTED_FORMAT', 'a ZIP archive (PK\\x03\\x04); archives are not unpacked');
  add('pdf-with-no-pages.pdf', await emptyPdf(), 'PDF_NO_PAGES', 'syntactically valid PDF whose page tree has zero pages');
  add('page-tree-bomb-100000-pages.pdf', pageTreeBombPdf(100_000), 'TOO_MANY_PAGES',
    'valid PDF (~600 KB) whose page tree lists one page 100,000 times: refused by the page cap before any page is queued');
  add('page-tree-chain-2-to-the-40-pages.pdf', pageTreeChainPdf(40), 'TOO_MANY_PAGES',
    'PDF of 42 objects whose page-tree nodes each list the next twice (2^40 pages) under a /Count of 1: the walk stops at the cap');
  add('page-tree-loop.pdf', pageTreeLoopPdf(), 'TOO_MANY_PAGES',
    'PDF whose page tree lists itself among its kids (/Count 1): an endless tree, stopped by the walk budget');
  add('tiff-5000-pages.tif', manyPageTiff(5000), 'TOO_MANY_PAGES',
    'valid TIFF (~700 KB) of 5,000 tiny 8x8 pages: refused by the page cap before any page is decoded');
  add('pdf-image-bomb-12000x12000.pdf', oversizeImagePdf(12000, 12000), 'IMAGE_TOO_LARGE',
    'valid 18 KB PDF painting one 12000x12000 (144 Mpx) 1-bit image: refused from the page structure, nothing rendered');
  add('pdf-image-bomb-in-form-12000x12000.pdf', oversizeImagePdf(12000, 12000, { insideForm: true }), 'IMAGE_TOO_LARGE',
    'the same image inside a form XObject: refused by pdf.js (maxImageSize) when the page is rendered, not decoded');

  const expected: Record<string, Expectation> = {};
  for (const [name, [data, exp]] of Object.entries(files)) {
    await writeFile(join(HERE, name), data);
    expected[name] = exp;
    console.log(`${name.padEnd(30)} ${String(data.length).padStart(8)} bytes  ${exp.code}`);
  }
  await writeFile(join(HERE, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
}

/** A small grid, like a screenshot of a spreadsheet someone scanned to the wrong folder. */
async function gif(): Promise<Buffer> {
  const cells = Array.from({ length: 6 }, (_, r) =>
    Array.from({ length: 4 }, (_, c) => `<rect x="${c * 60}" y="${r * 24}" width="60" height="24" fill="${r === 0 ? '#cde' : '#fff'}" stroke="#888"/>`).join(''),
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="144">${cells}</svg>`;
  return sharp(Buffer.from(svg)).gif({ colours: 8, dither: 0 }).toBuffer();
}

async function emptyPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  // pdf-lib silently adds a blank page to an empty document unless told not to.
  return Buffer.from(await pdf.save({ useObjectStreams: false, addDefaultPage: false }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
