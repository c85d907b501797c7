import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEachJobRanOnce } from '../support/exactly-once.ts';
import { type UploadReply, uploadScan } from '../support/service-client.ts';
import { createServiceFixture, type ServiceFixture } from '../support/service-fixture.ts';
import type { ServiceProcess } from '../support/service-process.ts';
import { STAGES } from '../support/stage-jobs.ts';
import { oneLineScan } from '../support/text-image.ts';

/**
 * The service as deployed for scale: one API-only process (`serve` with OCR_WORKERS=0) and
 * two `worker` processes with one OCR engine each, all real (tesseract OCR, Redis, storage),
 * sharing a Redis queue prefix and a DATA_DIR. 200 uploads arrive at once, 10 of them a
 * second copy of an earlier file.
 */

const DISTINCT = 190;
const DUPLICATES = 10;
/** Two cores read ~190 one-line pages in about a minute; the rest is headroom for a busy machine. */
const PROCESSING_TIMEOUT_MS = 300_000;

let service: ServiceFixture;
let api: ServiceProcess;
let workers: ServiceProcess[];

/** Each scan says a number no other says, so each document's text can be told apart. */
const referenceOf = (index: number): string => String(500_000 + index * 37);

beforeAll(async () => {
  service = await createServiceFixture('conc');
  [api, ...workers] = await Promise.all([
    service.processes.start('serve', service.env({ OCR_WORKERS: '0' })),
    service.processes.start('worker', service.env({ OCR_WORKERS: '1', METRICS_PORT: '0' })),
    service.processes.start('worker', service.env({ OCR_WORKERS: '1', METRICS_PORT: '0' })),
  ]);
});

afterAll(() => service?.cleanup());

describe('200 concurrent uploads, one API process, two worker processes', () => {
  it('processes every distinct document exactly once and answers duplicates with the first document', async () => {
    const { storage, jobs } = service;
    const scans = await Promise.all(
      Array.from({ length: DISTINCT }, (_, index) => oneLineScan(`Clinic letter reference ${referenceOf(index)}`)),
    );
    // The copies go in among the originals, so some may even arrive first.
    const uploads = scans.map((bytes, index) => ({ index, bytes, fileName: `letter-${index}.png` }));
    for (let copy = 0; copy < DUPLICATES; copy++) {
      const index = copy * 19;
      uploads.splice(index + copy + 1, 0, { index, bytes: Buffer.from(scans[index]), fileName: `copy-of-letter-${index}.png` });
    }
    expect(uploads).toHaveLength(DISTINCT + DUPLICATES);

    const replies = await Promise.all(uploads.map((upload) => uploadScan(service.api(api.url!), upload.bytes, upload.fileName)));

    // Per file: exactly one upload made the document (202), every copy got that document (200).
    const repliesByScan = new Map<number, UploadReply[]>();
    for (const [position, reply] of replies.entries()) {
      const { index } = uploads[position];
      repliesByScan.set(index, [...(repliesByScan.get(index) ?? []), reply]);
    }
    const idOfScan = new Map<number, string>();
    for (const [index, group] of repliesByScan) {
      const created = group.filter((reply) => reply.status === 202 && !reply.duplicate);
      const copies = group.filter((reply) => reply.status === 200 && reply.duplicate);
      expect(created, `scan ${index}`).toHaveLength(1);
      expect(copies.length, `scan ${index}`).toBe(group.length - 1);
      for (const copy of copies) expect(copy.id, `scan ${index}`).toBe(created[0].id);
      idOfScan.set(index, created[0].id);
    }
    expect(new Set(idOfScan.values()).size).toBe(DISTINCT);
    expect(replies.filter((reply) => reply.duplicate)).toHaveLength(DUPLICATES);

    const ids = [...idOfScan.values()];
    const documents = await service.waitForDone(ids, PROCESSING_TIMEOUT_MS);

    // Nothing extra was made: one document per distinct file, all done.
    expect(await storage.metadata.countByStatus()).toEqual({ queued: 0, processing: 0, done: DISTINCT, failed: 0 });
    expect(documents.filter((document) => document.pageCount !== 1)).toEqual([]);

    // Each document's text is its own scan's text.
    for (const [index, id] of idOfScan) {
      const document = documents.find((candidate) => candidate.id === id)!;
      const text = (await storage.blobs.get(document.outputs.textKey!)).toString('utf8');
      expect(text, `${id} (scan ${index})`).toContain(referenceOf(index));
    }

    // BullMQ's own records: every stage job of every document started once, finished once, completed…
    await expectEachJobRanOnce(jobs, documents);
    // …and no job beyond those: nothing waiting, failed, or queued a second time under another id.
    const counts = await jobs.counts();
    for (const stage of STAGES) {
      expect(counts[stage], stage).toMatchObject({ completed: DISTINCT, failed: 0, active: 0, waiting: 0, delayed: 0, 'waiting-children': 0 });
    }

    // Both worker processes shared the OCR work, and the API-only process did none.
    const ocrJobs = await Promise.all(ids.map(async (id) => (await jobs.ofDocument(id, 1)).find((job) => job.stage === 'ocr')!));
    const ocrBy = new Set(ocrJobs.map((job) => job.processedBy));
    expect(ocrBy).toEqual(new Set(workers.map((worker) => `${os.hostname()}:${worker.pid}`)));

    // Each worker counts what it read on its own /metrics; together, every page once.
    const pagesRead = await Promise.all(
      workers.map(async (worker) => {
        const metricsUrl = /metrics on (\S+)/.exec(worker.output())![1];
        const exposition = await (await fetch(metricsUrl)).text();
        return Number(/^recto_pages_processed_total (\d+)$/m.exec(exposition)![1]);
      }),
    );
    expect(pagesRead.every((pages) => pages > 0)).toBe(true);
    expect(pagesRead[0] + pagesRead[1]).toBe(DISTINCT);

    // And all three stop cleanly when asked (SIGTERM: close the API, finish jobs, close connections).
    for (const running of [api, ...workers]) await running.stop();
    expect(await Promise.all([api, ...workers].map((running) => running.exited))).toEqual(Array(3).fill({ code: 0, signal: null }));
  }, 420_000);
});
