import { parse } from 'csv-parse/sync';
import { Message } from 'node-hl7-client';
import { describe, expect, it } from 'vitest';
import { cleanFileName, MAX_FILE_NAME_LENGTH } from '../../src/core/file-name.ts';
import { safeCsvCell, toSafeCsv } from '../../src/core/csv-cell.ts';
import { escapeHl7Value } from '../../src/sinks/hl7/hl7-escape.ts';
import { hl7Message, hl7MessageHeader, hl7Segment } from '../../src/sinks/hl7/hl7-segment.ts';
import { lloydGeorgeFileName } from '../../src/sinks/file-drop/lloyd-george-name.ts';

/** What Recto writes into HL7 fields, CSV cells and file names cannot change their structure. */

describe('escapeHl7Value', () => {
  it('escapes each HL7 encoding character with its escape sequence', () => {
    expect(escapeHl7Value('a|b^c~d\\e&f')).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
    // The escape character itself first: "\F\" typed by someone stays four literal characters.
    expect(escapeHl7Value('\\F\\')).toBe('\\E\\F\\E\\');
  });

  it('turns each run of control characters (CR, LF, MLLP framing, NUL, C1, DEL) into one space', () => {
    expect(escapeHl7Value('Smith\rPID|1')).toBe('Smith PID\\F\\1');
    expect(escapeHl7Value('a\r\n\x0b\x1c\x00b')).toBe('a b');
    expect(escapeHl7Value('a\tb\x7fc\x85d\x1be')).toBe('a b c d e');
    expect(escapeHl7Value('\x1c\r')).toBe(' ');
  });

  it('leaves letters, accents, apostrophes and base64 alone', () => {
    expect(escapeHl7Value("Zoë O'Neill-Łukasz")).toBe("Zoë O'Neill-Łukasz");
    const base64 = Buffer.from(Array.from({ length: 3000 }, (_, index) => index % 256)).toString('base64');
    expect(escapeHl7Value(base64)).toBe(base64);
  });
});

describe('hl7Segment / hl7MessageHeader', () => {
  it('writes fields by number, components and repetitions, each value escaped', () => {
    expect(hl7Segment('PID', { 1: '1', 3: { repeat: [['999', undefined, undefined, 'NHS'], ['M|1']] }, 5: ['Smith\r', 'Jane'] })).toBe(
      'PID|1||999^^^NHS~M\\F\\1||Smith ^Jane',
    );
    expect(hl7MessageHeader({ 3: 'RECTO', 9: ['MDM', 'T02'], 12: '2.5.1' })).toBe('MSH|^~\\&|RECTO||||||MDM^T02|||2.5.1');
  });

  it('gives a message a parser reads back value for value, whatever the values hold', () => {
    const family = 'Smith\r\nEVN|X\x0b\x1c^~\\&';
    const text = hl7Message([hl7MessageHeader({ 3: 'RECTO', 9: ['MDM', 'T02'], 12: '2.5.1' }), hl7Segment('PID', { 1: '1', 5: [family, 'Jane'] })]);
    expect(text.split('\r')).toHaveLength(2);
    const message = new Message({ text });
    expect(message.get('PID.5.1').toString()).toBe('Smith EVN|X ^~\\&');
    expect(message.get('PID.5.2').toString()).toBe('Jane');
  });
});

describe('cleanFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(cleanFileName('ward 7 – batch (2).tif')).toBe('ward 7 – batch (2).tif');
    expect(cleanFileName("O'Neill_Zoë.pdf")).toBe("O'Neill_Zoë.pdf");
  });

  it('drops control characters: CR, LF, NUL, the MLLP framing bytes, ESC, DEL, C1', () => {
    expect(cleanFileName('scan\r\nMSH|x\x0b\x1c\x00.tif')).toBe('scanMSH|x.tif');
    expect(cleanFileName('a\x1b[31mred\x7f\x9b.png')).toBe('a[31mred.png');
  });

  it('drops bidi overrides and invisible characters, so a name shows what it is', () => {
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('\u2066a\u200Bb\uFEFF\u200F.tif\u2069')).toBe('ab.tif');
  });

  it('keeps only the last path segment', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\scans\\ward7.tif')).toBe('ward7.tif');
    expect(cleanFileName('a/..')).toBeNull();
    expect(cleanFileName('scans/')).toBeNull();
  });

  it('gives null for nothing usable, and shortens long names keeping the extension', () => {
    for (const name of [undefined, null, '', '   ', '\r\n', '\u202E', '.', '..']) expect(cleanFileName(name)).toBeNull();
    const long = cleanFileName(`${'x'.repeat(500)}.tiff`)!;
    expect([...long]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('x.tiff')).toBe(true);
  });

  it('Lloyd George file names built from hostile patient names hold only the convention’s characters', () => {
    const name = lloydGeorgeFileName({ given: ['Jane\r\nX'], family: 'Smith\u202E\x00/../\x1c', nhsNumber: '9990123470', birthDate: '1950-02-01' });
    expect(name).toBe('1of1_Lloyd_George_Record_[Jane X Smith]_[9990123470]_[01-02-1950].pdf');
  });
});

describe('safeCsvCell / toSafeCsv', () => {
  it('puts a single quote before cells a spreadsheet would run as a formula', () => {
    for (const value of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")']) expect(safeCsvCell(value)).toBe(`'${value}`);
    for (const value of ['1', 'a=1', "'=1", ' x', 'Jane']) expect(safeCsvCell(value)).toBe(value);
    expect(safeCsvCell(-3)).toBe("'-3");
    expect(safeCsvCell(null)).toBe('');
    expect(safeCsvCell(safeCsvCell('=1'))).toBe("'=1");
  });

  it('writes CSV whose cells read back neutralised, quoting left to csv-stringify', () => {
    const csv = toSafeCsv([{ who: '=HYPERLINK("http://x","a,b")', what: 'line\r\nbreak' }, { who: '@x', what: null }], ['who', 'what']);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parse(csv, { columns: true })).toEqual([
      { who: `'=HYPERLINK("http://x","a,b")`, what: 'line\r\nbreak' },
      { who: "'@x", what: '' },
    ]);
  });
});
