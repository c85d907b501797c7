// Hand-built hostile files for the bad-input corpus: small files that claim enormous work.
// Written byte by byte, like binary-formats.ts, so they are deterministic and cost nothing to
// make: a page tree that lists one page 100,000 times, a TIFF of thousands of tiny pages, and
// a PDF whose one image is far larger than any page scan.

import { deflateSync } from 'node:zlib';

/** Joins numbered PDF objects into a file with a correct cross-reference table. */
function pdfFile(objects: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)];
  parts.push(Buffer.from(`${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A valid PDF whose page tree lists the same page `count` times (~6 bytes a page). */
export function pageTreeBombPdf(count: number): Buffer {
  const kids = Array.from({ length: count }, () => '3 0 R').join(' ');
  return pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${count} /Kids [${kids}] >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ]);
}

/**
 * A page tree whose nodes each list the next one twice: `depth` + 3 objects, 2^depth pages,
 * and a /Count that claims one. A reader that walks the tree without a guard never finishes.
 */
export function pageTreeChainPdf(depth: number): Buffer {
  // Node i is object i + 2 and lists object i + 3 twice; the last one lists the page (object depth + 2).
  const nodes = Array.from({ length: depth }, (_, i) => `<< /Type /Pages /Count 1 /Kids [${i + 3} 0 R ${i + 3} 0 R] >>`);
  return pdfFile(['<< /Type /Catalog /Pages 2 0 R >>', ...nodes, '<< /Type /Page /MediaBox [0 0 595 842] >>']);
}

/** A page tree that lists itself among its kids: a loop, however it is walked. */
export function pageTreeLoopPdf(): Buffer {
  return pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R 2 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ]);
}

/**
 * A valid PDF with one A4 page painting one `width` x `height` 1-bit Flate image (white, a
 * black band on top): a few KB on disk, width x height pixels once decoded. `insideForm` puts
 * the image inside a form XObject, where only the renderer (not a look at the page's own
 * resources) finds it.
 */
export function oversizeImagePdf(width: number, height: number, options: { insideForm?: boolean } = {}): Buffer {
  const stride = Math.ceil(width / 8);
  const raw = Buffer.alloc(stride * height, 0xff);
  raw.fill(0x00, 0, stride * Math.min(height, 200));
  const image = deflateSync(raw, { level: 9 });
  const imageObject = Buffer.concat([
    Buffer.from(
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`,
      'latin1',
    ),
    image,
    Buffer.from('\nendstream', 'latin1'),
  ]);
  const paint = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
  const stream = (dict: string, content: string) => `<< ${dict} /Length ${content.length} >>\nstream\n${content}\nendstream`;
  if (!options.insideForm) {
    return pdfFile([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
      imageObject,
      stream('', paint),
    ]);
  }
  return pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm0 6 0 R >> >> /Contents 5 0 R >>',
    imageObject,
    stream('', '/Fm0 Do'),
    stream('/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >>', paint),
  ]);
}

const TIFF_SHORT = 3;
const TIFF_LONG = 4;
const TIFF_RATIONAL = 5;

/**
 * A valid little-endian TIFF of `pages` bilevel 8 x 8 pages. Every page's one strip points at
 * the same 8 bytes, so the file is one small IFD (~150 bytes) a page.
 */
export function manyPageTiff(pages: number): Buffer {
  const entries = 11;
  const ifdSize = 2 + entries * 12 + 4;
  const stripOffset = 8;
  const resolutionOffset = stripOffset + 8; // one RATIONAL (8 bytes) shared by X and Y
  const firstIfd = resolutionOffset + 8;
  const file = Buffer.alloc(firstIfd + pages * ifdSize);
  file.write('II', 0, 'latin1');
  file.writeUInt16LE(42, 2);
  file.writeUInt32LE(firstIfd, 4);
  file.fill(0x00, stripOffset, stripOffset + 8); // 8 rows of 8 white pixels (WhiteIsZero)
  file.writeUInt32LE(200, resolutionOffset);
  file.writeUInt32LE(1, resolutionOffset + 4);
  for (let page = 0; page < pages; page++) {
    const at = firstIfd + page * ifdSize;
    const tags: Array<[tag: number, type: number, value: number]> = [
      [254, TIFF_LONG, 2], // NewSubfileType: one page of a multi-page document
      [256, TIFF_SHORT, 8], // ImageWidth
      [257, TIFF_SHORT, 8], // ImageLength
      [258, TIFF_SHORT, 1], // BitsPerSample
      [259, TIFF_SHORT, 1], // Compression: none
      [262, TIFF_SHORT, 0], // PhotometricInterpretation: WhiteIsZero
      [273, TIFF_LONG, stripOffset], // StripOffsets
      [278, TIFF_SHORT, 8], // RowsPerStrip
      [279, TIFF_LONG, 8], // StripByteCounts
      [282, TIFF_RATIONAL, resolutionOffset], // XResolution
      [283, TIFF_RATIONAL, resolutionOffset], // YResolution
    ];
    file.writeUInt16LE(tags.length, at);
    tags.forEach(([tag, type, value], i) => {
      const entry = at + 2 + i * 12;
      file.writeUInt16LE(tag, entry);
      file.writeUInt16LE(type, entry + 2);
      file.writeUInt32LE(1, entry + 4);
      if (type === TIFF_SHORT) file.writeUInt16LE(value, entry + 8);
      else file.writeUInt32LE(value, entry + 8);
    });
    file.writeUInt32LE(page === pages - 1 ? 0 : at + ifdSize, at + 2 + tags.length * 12);
  }
  return file;
}

/**
 * A valid little-endian TIFF whose pages have the given sizes: white bilevel pages, each one
 * Deflate strip (a 30000 x 30000 page is ~110 KB). For checking that each page's size is
 * judged before that page is decoded, not only the first page's.
 */
export function bilevelTiff(pages: Array<{ width: number; height: number }>): Buffer {
  const strips = pages.map(({ width, height }) => deflateSync(Buffer.alloc(Math.ceil(width / 8) * height, 0x00), { level: 9 }));
  const ifdSize = 2 + 9 * 12 + 4;
  const parts: Buffer[] = [];
  let offset = 8;
  const stripOffsets = strips.map((strip) => {
    const at = offset;
    offset += strip.length + (strip.length % 2); // IFDs start on a word boundary
    return at;
  });
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(offset, 4);
  parts.push(header);
  strips.forEach((strip) => parts.push(strip, Buffer.alloc(strip.length % 2)));
  pages.forEach(({ width, height }, page) => {
    const ifd = Buffer.alloc(ifdSize);
    const tags: Array<[tag: number, type: number, value: number]> = [
      [254, TIFF_LONG, 2], // NewSubfileType: one page of a multi-page document
      [256, TIFF_LONG, width],
      [257, TIFF_LONG, height],
      [258, TIFF_SHORT, 1], // BitsPerSample
      [259, TIFF_SHORT, 8], // Compression: Deflate
      [262, TIFF_SHORT, 0], // PhotometricInterpretation: WhiteIsZero
      [273, TIFF_LONG, stripOffsets[page]],
      [278, TIFF_LONG, height], // RowsPerStrip
      [279, TIFF_LONG, strips[page].length],
    ];
    ifd.writeUInt16LE(tags.length, 0);
    tags.forEach(([tag, type, value], i) => {
      ifd.writeUInt16LE(tag, 2 + i * 12);
      ifd.writeUInt16LE(type, 4 + i * 12);
      ifd.writeUInt32LE(1, 6 + i * 12);
      if (type === TIFF_SHORT) ifd.writeUInt16LE(value, 10 + i * 12);
      else ifd.writeUInt32LE(value, 10 + i * 12);
    });
    ifd.writeUInt32LE(page === pages.length - 1 ? 0 : offset + (page + 1) * ifdSize, 2 + tags.length * 12);
    parts.push(ifd);
  });
  return Buffer.concat(parts);
}
