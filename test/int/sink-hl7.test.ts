import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HL7Node } from 'node-hl7-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAck } from '../../src/sinks/hl7/ack-outcome.ts';
import { createHl7Sink } from '../../src/sinks/hl7/hl7-sink.ts';
import { messageControlIdFor } from '../../src/sinks/hl7/mdm-message.ts';
import type { DeliverableDocument } from '../../src/sinks/sink.ts';
import { MllpTestServer, parseReceived } from '../support/mllp-test-server.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The HL7 v2 sink against a real MLLP receiver on loopback. */

const JANE_NHS = '9990123470'; // test range, passes modulus 11; invented patient
let server: MllpTestServer;
let serial = 0;

beforeAll(async () => {
  server = await MllpTestServer.start();
});
afterAll(async () => {
  await server.down();
});
beforeEach(async () => {
  server.answer = 'AA';
  await server.up();
});

/** A 1 MiB "PDF": big enough to cross many TCP reads, random so any corruption shows. */
function bigPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1024 * 1024)]);
}

function document(change: Partial<DeliverableDocument> = {}): DeliverableDocument {
  const pdf = change.pdf ?? Buffer.from('%PDF-1.7\n% small test document\n%%EOF\n');
  return {
    documentId: `doc_01JDQ7Z3K4V8W2M5N6P7Q8R9${String(++serial).padStart(2, '0')}`,
    sha256: 'a'.repeat(64),
    pdf,
    pageCount: 2,
    fileName: 'ward 7 | batch^2 & more~x\\y.tif',
    title: 'Discharge summary',
    documentType: { key: 'discharge-summary', snomedCode: '373942005', display: 'Discharge summary & letter', confidence: 92, evidence: [] },
    patient: { nhsNumber: JANE_NHS, given: ['Jane', 'Ann'], family: "O'Neill-Smith", birthDate: '1950-02-01', mrn: 'NB4417203', gpPracticeOds: 'A81001' },
    documentDate: '2025-03-14',
    custodianOds: 'RX1',
    scannedAt: '2025-03-20T09:15:00Z',
    userId: 'u.scanner',
    ...change,
  };
}

function sink(change: { ackTimeoutMs?: number } = {}) {
  return createHl7Sink({ host: server.host, port: server.port, connectTimeoutMs: 2000, ackTimeoutMs: change.ackTimeoutMs ?? 10_000, receivingApplication: 'EPR', receivingFacility: 'RX1' });
}

function repetitions(field: HL7Node): string[][] {
  const values: string[][] = [];
  field.forEach((repetition) => values.push([1, 2, 3, 4, 5].map((component) => repetition.get(String(component)).toString())));
  return values;
}

describe('HL7 sink: MDM^T02 accepted (AA)', () => {
  it('delivers a 1 MB PDF and the receiver reads back every field and the exact bytes', async () => {
    const pdf = bigPdf();
    const doc = document({ pdf });
    const receipt = await sink().deliver(doc);

    expect(receipt).toMatchObject({ sink: 'hl7', remoteId: messageControlIdFor(doc.documentId), alreadyDelivered: false });
    expect(receipt.remoteId).toMatch(/^[0-9A-F]{20}$/);
    expect(server.received).toHaveLength(1);
    const message = parseReceived(server.received.at(-1)!);

    expect(message.get('MSH.3').toString()).toBe('RECTO');
    expect(message.get('MSH.4').toString()).toBe('RX1');
    expect(message.get('MSH.5').toString()).toBe('EPR');
    expect(['MSH.9.1', 'MSH.9.2', 'MSH.9.3'].map((at) => message.get(at).toString())).toEqual(['MDM', 'T02', 'MDM_T02']);
    expect(message.get('MSH.10').toString()).toBe(receipt.remoteId);
    expect(message.get('MSH.12').toString()).toBe('2.5.1');
    expect(message.get('EVN.1').toString()).toBe('T02');

    expect(repetitions(message.get('PID.3'))).toEqual([
      [JANE_NHS, '', '', 'NHS', 'NH'],
      ['NB4417203', '', '', 'RX1', 'MR'],
    ]);
    expect(message.get('PID.5.1').toString()).toBe("O'Neill-Smith");
    expect(message.get('PID.5.2').toString()).toBe('Jane');
    expect(message.get('PID.5.3').toString()).toBe('Ann');
    expect(message.get('PID.7').toString()).toBe('19500201');
    expect(message.get('PV1.2').toString()).toBe('N');

    expect(message.get('TXA.2.1').toString()).toBe('373942005');
    expect(message.get('TXA.2.2').toString()).toBe('Discharge summary & letter');
    expect(message.get('TXA.2.3').toString()).toBe('SCT');
    expect(message.get('TXA.4').toString()).toBe('20250314');
    expect(message.get('TXA.12.1').toString()).toBe(doc.documentId);
    expect(message.get('TXA.12.2').toString()).toBe('RECTO');
    expect(message.get('TXA.16').toString()).toBe(doc.fileName);
    expect(message.get('TXA.17').toString()).toBe('AU');

    expect(message.get('OBX.2').toString()).toBe('ED');
    expect(message.get('OBX.5.2').toString()).toBe('application');
    expect(message.get('OBX.5.3').toString()).toBe('pdf');
    expect(message.get('OBX.5.4').toString()).toBe('Base64');
    expect(Buffer.from(message.get('OBX.5.5').toString(), 'base64').equals(pdf)).toBe(true);
  });

  it('escapes HL7 delimiters in text fields so they cannot split the message', async () => {
    const doc = document();
    await sink().deliver(doc);
    const raw = server.received.at(-1)!.text;
    // The file name holds | ^ & ~ \: on the wire each is an escape sequence, not a delimiter.
    expect(raw).toContain('ward 7 \\F\\ batch\\S\\2 \\T\\ more\\R\\x\\E\\y.tif');
    expect(raw).toContain('Discharge summary \\T\\ letter');
    expect(raw.split('\r').map((segment) => segment.slice(0, 3))).toEqual(['MSH', 'EVN', 'PID', 'PV1', 'TXA', 'OBX']);
  });

  it('keeps CR, LF, MLLP framing bytes, NUL and delimiters in a name, MRN and file name from adding segments or ending the message', async () => {
    const hostile = 'x\r\nOBX|2|TX|||injected\x0b\x1c\x00|^~\\&y';
    const doc = document({
      fileName: `scan${hostile}.tif`,
      patient: { ...document().patient, family: `Smith${hostile}`, given: [`Jane\rPID|1||9990000018`, 'Ann\x1c\r'], mrn: `NB44\x0b\x1c${hostile}` },
    });
    const received = server.received.length;
    await sink().deliver(doc);

    // One message arrived (a \x1c left in would have ended the frame early), with exactly its six segments.
    expect(server.received.length).toBe(received + 1);
    const raw = server.received.at(-1)!.text;
    expect(raw.split('\r').map((segment) => segment.slice(0, 4))).toEqual(['MSH|', 'EVN|', 'PID|', 'PV1|', 'TXA|', 'OBX|']);
    expect(raw).not.toMatch(/[\x00-\x0c\x0e-\x1f]/);
    // Each run of control characters is one space; each delimiter its escape sequence.
    const escaped = 'x OBX\\F\\2\\F\\TX\\F\\\\F\\\\F\\injected \\F\\\\S\\\\R\\\\E\\\\T\\y';
    const [pid] = raw.split('\r').filter((segment) => segment.startsWith('PID|'));
    expect(pid).toBe(`PID|1||${JANE_NHS}^^^NHS^NH~NB44 ${escaped}^^^RX1^MR||Smith${escaped}^Jane PID\\F\\1\\F\\\\F\\9990000018^Ann ||19500201`);
    const [txa] = raw.split('\r').filter((segment) => segment.startsWith('TXA|'));
    expect(txa.split('|')).toHaveLength(20);
    expect(txa).toContain(`|scan${escaped}.tif|AU||AV`);

    // And the receiver reads the values back as sent, bar the control characters.
    const message = parseReceived(server.received.at(-1)!);
    const readable = 'x OBX|2|TX|||injected |^~\\&y';
    expect(message.get('PID.5.1').toString()).toBe(`Smith${readable}`);
    expect(message.get('PID.5.2').toString()).toBe('Jane PID|1||9990000018');
    expect(repetitions(message.get('PID.3'))[1]).toEqual([`NB44 ${readable}`, '', '', 'RX1', 'MR']);
    expect(message.get('TXA.16').toString()).toBe(`scan${readable}.tif`);
    expect(message.get('OBX.1').toString()).toBe('1');
    expect(Buffer.from(message.get('OBX.5.5').toString(), 'base64').equals(doc.pdf)).toBe(true);
  });

  it('sends the same MSH-10 and TXA-12 when delivering twice, and the receiver stores the document once', async () => {
    const doc = document();
    const before = server.documents.size;
    const first = await sink().deliver(doc);
    const second = await sink().deliver(doc);
    expect(second.remoteId).toBe(first.remoteId);
    const [a, b] = server.received.slice(-2);
    expect(b.controlId).toBe(a.controlId);
    expect(b.documentNumber).toBe(`${doc.documentId}^RECTO`);
    expect(b.documentNumber).toBe(a.documentNumber);
    expect(server.documents.size).toBe(before + 1);
  });
});

describe('HL7 sink: negative acknowledgements, silence and outages', () => {
  it('AE (application error) is SINK_UNAVAILABLE: retried with backoff', async () => {
    server.answer = 'AE';
    const error = await expectRectoError(sink().deliver(document()), 'SINK_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ACK AE');
  });

  it('AR (application reject) is SINK_REJECTED: permanent', async () => {
    server.answer = 'AR';
    const error = await expectRectoError(sink().deliver(document()), 'SINK_REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('ACK AR');
  });

  it('no answer is SINK_UNAVAILABLE after the configured ACK timeout', async () => {
    server.answer = 'silent';
    const received = server.received.length;
    const error = await expectRectoError(sink({ ackTimeoutMs: 1000 }).deliver(document()), 'SINK_UNAVAILABLE');
    expect(error.message).toContain('no ACK within 1000 ms');
    expect(server.received.length).toBe(received + 1);
  });

  it('a receiver that is down is SINK_UNAVAILABLE, and the retry is delivered once it is up, with no ghost resend', async () => {
    const doc = document();
    await server.down();
    const error = await expectRectoError(sink().deliver(doc), 'SINK_UNAVAILABLE');
    expect(error.message).toMatch(/ECONNREFUSED/);

    await server.up();
    const received = server.received.length;
    const receipt = await sink().deliver(doc);
    expect(receipt.alreadyDelivered).toBe(false);
    // Give a queued-and-resent copy of the failed attempt the chance to show up: it must not.
    await sleep(300);
    expect(server.received.length).toBe(received + 1);
    expect(server.documents.has(`${doc.documentId}^RECTO`)).toBe(true);
  });

  it('refuses for good, without connecting, a document that has no valid NHS number', async () => {
    const received = server.received.length;
    const bad = document({ patient: { ...document().patient, nhsNumber: '9990123471' } });
    const error = await expectRectoError(sink().deliver(bad), 'SINK_REJECTED');
    expect(error.message).toContain('no valid NHS number');
    expect(server.received.length).toBe(received);
  });

  it('refuses an invalid configuration at creation', () => {
    expect(() => createHl7Sink({ host: '127.0.0.1', port: 70000 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});

describe('HL7 ACK mapping (ERR codes from HL7 table 0357 override MSA-1)', () => {
  const id = 'ABCDEF0123456789ABCD';
  const ack = (msa: string, err = '') => `MSH|^~\\&|EPR|RX1|RECTO|RX1|20250314120000||ACK^T02^ACK|X1|P|2.5.1\rMSA|${msa}${err ? `\rERR|${err}` : ''}`;

  it('reads AA and CA as accepted', () => {
    expect(readAck(ack(`AA|${id}`), id).verdict).toBe('accepted');
    expect(readAck(ack(`CA|${id}`), id).verdict).toBe('accepted');
  });

  it('reads AE/CE as retry and AR/CR as reject when no error code says otherwise', () => {
    expect(readAck(ack(`AE|${id}|Database busy`), id)).toMatchObject({ verdict: 'retry', description: 'ACK AE, "Database busy"' });
    expect(readAck(ack(`CE|${id}`), id).verdict).toBe('retry');
    expect(readAck(ack(`AR|${id}`), id).verdict).toBe('reject');
    expect(readAck(ack(`CR|${id}`), id).verdict).toBe('reject');
  });

  it('reads 205 duplicate key identifier as already delivered', () => {
    expect(readAck(ack(`AE|${id}`, '||205^Duplicate key identifier^HL70357|E'), id).verdict).toBe('duplicate');
  });

  it('reads 206/207 (record locked, internal error) as retry even under AR', () => {
    expect(readAck(ack(`AR|${id}`, '||207^Application internal error^HL70357|E'), id).verdict).toBe('retry');
    expect(readAck(ack(`AR|${id}`, '||206^Application record locked^HL70357|E'), id).verdict).toBe('retry');
  });

  it('reads 100–204 (the message itself is wrong) as reject even under AE, also in the v2.4 ERR-1 form', () => {
    expect(readAck(ack(`AE|${id}`, '||101^Required field missing^HL70357|E||||PID-7 is required'), id)).toMatchObject({
      verdict: 'reject',
      description: 'ACK AE, error code 101, "PID-7 is required; Required field missing"',
    });
    expect(readAck(ack(`AE|${id}`, 'PID^1^7^103&Table value not found&HL70357'), id).verdict).toBe('reject');
  });

  it('retries a reply that acknowledges another message, has no MSA, or is not HL7', () => {
    expect(readAck(ack('AA|SOMEONEELSE0000000001'), id)).toMatchObject({ verdict: 'retry' });
    expect(readAck('MSH|^~\\&|EPR|RX1|||20250314120000||ACK|X1|P|2.5.1', id).verdict).toBe('retry');
    expect(readAck('HTTP/1.1 400 Bad Request', id).verdict).toBe('retry');
  });
});
