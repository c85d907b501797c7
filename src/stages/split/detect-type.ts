import { RectoError } from '../../core/errors.ts';
import type { InputFormat } from '../../core/types.ts';

/**
 * Decide a file's type from its first bytes, never from its name: scanner exports are often
 * misnamed, and a trust's share drive holds every kind of file.
 */

const SUPPORTED_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'jpe', 'tif', 'tiff', 'pdf']);

interface KnownSignature {
  name: string;
  matches: (head: Buffer) => boolean;
  format?: InputFormat;
}

const startsWith = (head: Buffer, bytes: number[], offset = 0): boolean =>
  bytes.every((byte, i) => head[offset + i] === byte);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: KnownSignature[] = [
  { name: 'PNG', format: 'png', matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { name: 'JPEG', format: 'jpeg', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  {
    name: 'TIFF',
    format: 'tiff',
    matches: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]),
  },
  // PDF readers accept up to 1 KiB of junk before the header; so do we.
  { name: 'PDF', format: 'pdf', matches: (h) => h.subarray(0, 1024).includes('%PDF-') },
  { name: 'BigTIFF', matches: (h) => startsWith(h, [0x49, 0x49, 0x2b, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2b]) },
  { name: 'GIF', matches: (h) => startsWith(h, ascii('GIF8')) },
  { name: 'BMP', matches: (h) => startsWith(h, ascii('BM')) && h.length > 14 },
  { name: 'WebP', matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8) },
  { name: 'ZIP archive (or Office document)', matches: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) },
  { name: 'JPEG 2000', matches: (h) => startsWith(h, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) },
  { name: 'HEIF/AVIF', matches: (h) => startsWith(h, ascii('ftyp'), 4) },
  { name: 'DjVu', matches: (h) => startsWith(h, ascii('AT&TFORM')) },
  { name: 'gzip', matches: (h) => startsWith(h, [0x1f, 0x8b]) },
  { name: 'OLE2 (old Word/Excel)', matches: (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0]) },
];

function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 4096);
  if (sample.length === 0) return false;
  let printable = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte !== 127)) printable++;
  }
  return printable / sample.length > 0.95;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Returns the input format, or throws a RectoError saying exactly what the file is instead. */
export function detectInputFormat(head: Buffer, fileName: string): InputFormat {
  if (head.length === 0) throw new RectoError('EMPTY_FILE', `${fileName}: the file is empty (0 bytes)`);
  const known = SIGNATURES.find((signature) => signature.matches(head));
  if (known?.format) return known.format;
  if (known) {
    throw new RectoError(
      'UNSUPPORTED_FORMAT',
      `${fileName}: ${known.name} files are not scans Recto can read (PDF, TIFF, PNG or JPEG)`,
    );
  }
  const extension = extensionOf(fileName);
  const what = looksLikeText(head) ? 'plain text' : 'not a recognised image or PDF';
  if (SUPPORTED_EXTENSIONS.has(extension)) {
    throw new RectoError('WRONG_FILE_TYPE', `${fileName}: named .${extension} but the contents are ${what}`);
  }
  throw new RectoError('UNSUPPORTED_FORMAT', `${fileName}: the contents are ${what}`);
}
