// Hand-built PNG and ZIP writers for the bad-input corpus. We write these formats byte by
// byte because (1) a 30000x30000 image is 900 megapixels, far too big to push through
// sharp's palette quantiser (it holds the whole image in RAM), whereas a 1-bit PNG of
// identical rows deflates to ~100 KB while streaming; and (2) the `zip` tool stamps file
// times, which would make the committed fixture change on every run.

import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), as both PNG chunks and ZIP entries use. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const buf of parts) for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head.subarray(4), data), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid 1-bit greyscale PNG of `width` x `height`, white except for a black square in the
 * top-left corner (so it is not trivially empty). `dpi` goes in a pHYs chunk.
 */
export function bilevelPng(width: number, height: number, dpi: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const ppm = Math.round(dpi / 0.0254);
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(ppm, 0);
  phys.writeUInt32BE(ppm, 4);
  phys[8] = 1; // unit: metre

  const stride = 1 + Math.ceil(width / 8); // filter byte + packed pixels
  const white = Buffer.alloc(stride, 0xff);
  white[0] = 0;
  const marked = Buffer.from(white);
  marked.fill(0x00, 1, 1 + 125); // first 1000 px black
  // Rows are identical runs, so deflating the whole raw stream in one go is cheap (~1 s)
  // and the output is small; 30000 rows x 3751 bytes = 112 MB in, ~150 KB out.
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) (y < 1000 ? marked : white).copy(raw, y * stride);
  const idat = deflateSync(raw, { level: 9 });

  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('pHYs', phys), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A minimal valid ZIP holding one stored (uncompressed) file, with a fixed timestamp. */
export function storedZip(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name, 'utf8');
  const crc = crc32(content);
  const dosTime = 0; // 00:00:00
  const dosDate = ((2025 - 1980) << 9) | (1 << 5) | 1; // 2025-01-01

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); // "PK\x03\x04"
  local.writeUInt16LE(20, 4); // version needed: 2.0
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(0, 8); // method: stored
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); // "PK\x01\x02"
  central.writeUInt16LE(20, 4); // version made by
  central.writeUInt16LE(20, 6); // version needed
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  // extra, comment, disk, internal attrs, external attrs: all zero
  central.writeUInt32LE(0, 42); // offset of local header

  const localPart = Buffer.concat([local, fileName, content]);
  const centralPart = Buffer.concat([central, fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // "PK\x05\x06"
  end.writeUInt16LE(1, 8); // entries on this disk
  end.writeUInt16LE(1, 10); // entries total
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}
