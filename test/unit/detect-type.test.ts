import { describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const codeOf = (head: Buffer, name: string): string => {
  try {
    detectInputFormat(head, name);
    return 'accepted';
  } catch (error) {
    return (error as RectoError).code;
  }
};

describe('detectInputFormat', () => {
  it('recognises the four scan formats by their first bytes, whatever the name says', () => {
    expect(detectInputFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'scan.jpg')).toBe('png');
    expect(detectInputFormat(bytes(0xff, 0xd8, 0xff, 0xe0), 'scan.png')).toBe('jpeg');
    expect(detectInputFormat(bytes(0x49, 0x49, 0x2a, 0x00), 'fax')).toBe('tiff');
    expect(detectInputFormat(bytes(0x4d, 0x4d, 0x00, 0x2a), 'fax.dat')).toBe('tiff');
    expect(detectInputFormat(Buffer.from('%PDF-1.7\n'), 'letter.bin')).toBe('pdf');
  });

  it('accepts a PDF header after a little leading junk, as PDF readers do', () => {
    expect(detectInputFormat(Buffer.concat([Buffer.alloc(20, 0x20), Buffer.from('%PDF-1.4')]), 'x.pdf')).toBe('pdf');
  });

  it('gives each kind of wrong file its own code', () => {
    expect(codeOf(Buffer.alloc(0), 'empty.png')).toBe('EMPTY_FILE');
    expect(codeOf(Buffer.from('Dear Dr Smith, this is a typed letter.'), 'letter.png')).toBe('WRONG_FILE_TYPE');
    expect(codeOf(Buffer.from('GIF89a....'), 'chart.gif')).toBe('UNSUPPORTED_FORMAT');
    expect(codeOf(bytes(0x50, 0x4b, 0x03, 0x04, 0, 0), 'notes.docx')).toBe('UNSUPPORTED_FORMAT');
    expect(codeOf(Buffer.from('just some notes'), 'notes.txt')).toBe('UNSUPPORTED_FORMAT');
  });

  it('says in the message what the file really is', () => {
    expect(() => detectInputFormat(Buffer.from('GIF89a'), 'a.gif')).toThrow(/GIF/);
    expect(() => detectInputFormat(Buffer.from('plain words'), 'a.png')).toThrow(/plain text/);
  });
});
