/**
 * Wraps a PDF's CCITT fax image stream in a minimal TIFF, so libtiff (through sharp) decodes it
 * natively instead of pdf.js decoding it in JavaScript. Faxes saved as PDF are common in NHS
 * records. Only the plain cases are wrapped; anything unusual is left to pdf.js.
 */
export interface CcittParameters {
  /** PDF /K: < 0 Group 4, 0 Group 3 1-D, > 0 Group 3 2-D. */
  k: number;
  columns: number;
  rows: number;
  /** PDF /BlackIs1 (after any /Decode [1 0] inversion has been folded in). */
  blackIs1: boolean;
}

const TIFF_SHORT = 3;
const TIFF_LONG = 4;

export function ccittToTiff(data: Uint8Array, parameters: CcittParameters): Buffer {
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, TIFF_LONG, parameters.columns], // ImageWidth
    [257, TIFF_LONG, parameters.rows], // ImageLength
    [258, TIFF_SHORT, 1], // BitsPerSample
    [259, TIFF_SHORT, parameters.k < 0 ? 4 : 3], // Compression: 4 = CCITT T.6 (G4), 3 = T.4 (G3)
    // A fax stream codes white and black runs; PDF's BlackIs1 says which one shows as black.
    [262, TIFF_SHORT, parameters.blackIs1 ? 1 : 0], // PhotometricInterpretation
    [273, TIFF_LONG, 0], // StripOffsets (patched below)
    [277, TIFF_SHORT, 1], // SamplesPerPixel
    [278, TIFF_LONG, parameters.rows], // RowsPerStrip: one strip
    [279, TIFF_LONG, data.length], // StripByteCounts
  ];
  if (parameters.k >= 0) entries.push([292, TIFF_LONG, parameters.k > 0 ? 1 : 0]); // T4Options: 2-D coding
  else entries.push([293, TIFF_LONG, 0]); // T6Options
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataOffset = ifdOffset + ifdSize;
  const header = Buffer.alloc(dataOffset);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(ifdOffset, 4);
  header.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    header.writeUInt16LE(tag, at);
    header.writeUInt16LE(type, at + 2);
    header.writeUInt32LE(1, at + 4);
    const actual = tag === 273 ? dataOffset : value;
    if (type === TIFF_SHORT) header.writeUInt16LE(actual, at + 8);
    else header.writeUInt32LE(actual, at + 8);
  });
  header.writeUInt32LE(0, ifdOffset + 2 + entries.length * 12); // no next IFD
  return Buffer.concat([header, data]);
}
