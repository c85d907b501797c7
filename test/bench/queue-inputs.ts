import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, parse } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { BenchItem } from './bench-item.ts';
import { countPages } from './page-count.ts';

/** One input file every mode gets, in the same order. */
export interface StagedInput {
  path: string;
  fileName: string;
  /** The sample it is a copy of. */
  source: string;
  /** 1 for the sample's own bytes, 2… for marked copies. */
  copy: number;
  pages: number;
  bytes: number;
  sha256: string;
}

/**
 * Writes every sample `repeat` times into `dir`, copy-major (all samples, then all again) so
 * every mode sees the same mix in the same order. Copy 1 is the sample's own bytes; later copies
 * carry a harmless marker (see `markCopy`) so their SHA-256 differs: the service stores a second
 * upload of the same bytes as a duplicate and would skip its work.
 */
export async function stageInputs(items: BenchItem[], repeat: number, dir: string): Promise<StagedInput[]> {
  await mkdir(dir, { recursive: true });
  const staged: StagedInput[] = [];
  for (let copy = 1; copy <= repeat; copy++) {
    for (const item of items) {
      const original = await readFile(item.sourcePath);
      const data = copy === 1 ? original : markCopy(original, extname(item.sourcePath), `recto queue-bench copy ${copy}`);
      const { name, ext } = parse(item.sourcePath);
      const fileName = copy === 1 ? `${name}${ext}` : `${name}.copy${copy}${ext}`;
      const path = join(dir, fileName);
      await writeFile(path, data);
      const pages = await countPages(path);
      // A marked copy must still decode: libvips reads every pixel of images, pdfinfo parses PDFs.
      if (copy > 1 && extname(path).toLowerCase() !== '.pdf') await sharp(path).stats();
      if (pages !== item.pages) throw new Error(`${fileName}: the marked copy has ${pages} pages, the sample ${item.pages}`);
      staged.push({
        path,
        fileName,
        source: item.id,
        copy,
        pages,
        bytes: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
      });
    }
  }
  const hashes = new Set(staged.map((input) => input.sha256));
  if (hashes.size !== staged.length) {
    throw new Error(`only ${hashes.size} distinct SHA-256 among ${staged.length} inputs: the service would dedupe the rest`);
  }
  return staged;
}

/**
 * The same image with a comment added where every reader ignores it: a PNG tEXt chunk before
 * IEND, a JPEG COM segment after SOI, a PDF comment after %%EOF (still within the last 2 KiB,
 * where the PDF stage looks for it) and, for TIFF, bytes after the data (TIFF finds everything
 * by offset from the start, so nothing reads them). Pixels, and so the work, are unchanged.
 */
export function markCopy(data: Buffer, extension: string, comment: string): Buffer {
  const ext = extension.toLowerCase();
  if (ext === '.png') return pngWithText(data, 'Comment', comment);
  if (ext === '.jpg' || ext === '.jpeg') return jpegWithComment(data, comment);
  if (ext === '.pdf') return Buffer.concat([data, Buffer.from(`\n%${comment}\n`, 'latin1')]);
  if (ext === '.tif' || ext === '.tiff') return Buffer.concat([data, Buffer.from(`\0${comment}\0`, 'latin1')]);
  throw new Error(`do not know how to mark a copy of a ${extension} file`);
}

function pngWithText(png: Buffer, keyword: string, text: string): Buffer {
  let offset = 8; // after the signature
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    if (png.toString('latin1', offset + 4, offset + 8) === 'IEND') {
      const body = Buffer.from(`${keyword}\0${text}`, 'latin1');
      const chunk = Buffer.alloc(12 + body.length);
      chunk.writeUInt32BE(body.length, 0);
      chunk.write('tEXt', 4, 'latin1');
      body.copy(chunk, 8);
      chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + body.length)), 8 + body.length);
      return Buffer.concat([png.subarray(0, offset), chunk, png.subarray(offset)]);
    }
    offset += 12 + length;
  }
  throw new Error('PNG without an IEND chunk');
}

function jpegWithComment(jpeg: Buffer, text: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('JPEG without an SOI marker');
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + body.length);
  segment.writeUInt16BE(0xfffe, 0); // COM
  segment.writeUInt16BE(2 + body.length, 2); // the length counts itself
  body.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
