import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createRedisConnection } from '../../queues/connection.ts';
import { jobIds, queueNames } from '../../queues/names.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { uploadScan, waitUntil } from '../support/service-client.ts';
import { createServiceFixture } from '../support/service-fixture.ts';
import { oneLineScan } from '../support/text-image.ts';

/**
 * `recto serve` as a real process over a Redis of the test's own that loses its data: a
 * document left `processing` is queued again when Redis is back and when the API restarts,
 * each time only if its jobs are gone, and a document that stops moving is reported on stderr
 * as stale.
 */

const TEST_TIMEOUT_MS = 180_000;
const PROCESSING_TIMEOUT_MS = 120_000;
const REFERENCES = ['QH260041', 'QH260082'];

describe('documents left processing whose jobs Redis lost', () => {
  it('are queued again on reconnect and at start, keep their attempt, finish, and are reported stale while stuck', async () => {
    const redis = await startRedisServer();
    const service = await createServiceFixture('stranded-processing', redis.url);
    const connection = createRedisConnection(redis.url, 'worker');
    connection.on('error', () => undefined);
    const splitQueue = new Queue(queueNames(service.prefix).split, { connection, prefix: service.prefix }).on('error', () => undefined);
    try {
      // API only: nothing takes the jobs, so the documents stay where the test puts them.
      const apiSettings = service.env({ OCR_WORKERS: '0', STALE_DOCUMENT_MINUTES: '0.02' });
      const api = await service.processes.start('serve', apiSettings);
      const [first, second] = await Promise.all(
        REFERENCES.map(async (reference, index) => uploadScan(service.api(api.url!), await oneLineScan(`Clinic note ${reference}`), `note-${index}.png`)),
      );
      // A worker's split moved them to processing (and counted the attempt)…
      for (const { id } of [first, second]) await service.storage.metadata.updateDocument(id, { status: 'processing' });
      // …and then nothing moves them: within seconds the API says so, one line each.
      await waitUntil('the API reports both documents stale', 20_000, async () =>
        [first, second].every(({ id }) => api.output().includes(`ALERT stale-document id=${id} status=processing attempts=1`)),
      );

      // Redis restarts without its data: the split jobs are gone, and the API queues them again.
      await redis.stop('SIGKILL');
      redis.forgetData();
      const restartedAt = Date.now();
      await redis.start();
      await waitUntil('the API says it queued both again', 30_000, async () => /Redis had lost the jobs of 2 processing document/.test(api.output()));
      const [firstSplit] = await service.jobs.ofDocument(first.id, 0);
      expect(firstSplit).toMatchObject({ state: 'waiting', id: jobIds.split(first.id, 1) });
      expect(firstSplit.addedAt).toBeGreaterThanOrEqual(restartedAt);

      // The API stops; the second document's job is lost again, the first's is still there.
      await api.stop();
      await splitQueue.remove(jobIds.split(second.id, 1));
      const restarted = await service.processes.start('serve', apiSettings);
      // At start only the second is queued again; the first's job is the same one as before.
      expect(restarted.output()).toMatch(new RegExp(`Redis had lost the jobs of 1 processing document\\(s\\); queued again: ${second.id}\\n`));
      const [firstAfter] = await service.jobs.ofDocument(first.id, 0);
      const [secondAfter] = await service.jobs.ofDocument(second.id, 0);
      expect(firstAfter.addedAt).toBe(firstSplit.addedAt);
      expect(secondAfter).toMatchObject({ state: 'waiting', id: jobIds.split(second.id, 1) });

      // A worker finishes both on their first attempt, each job run once.
      await service.processes.start('worker', service.env({ OCR_WORKERS: '1' }));
      const documents = await service.waitForDone([first.id, second.id], PROCESSING_TIMEOUT_MS);
      expect(documents.map((document) => document.attempts)).toEqual([1, 1]);
      for (const [index, document] of documents.entries()) {
        expect((await service.storage.blobs.get(document.outputs.textKey!)).toString('utf8')).toContain(REFERENCES[index]);
        const jobs = await service.jobs.ofDocument(document.id, document.pageCount!);
        expect(jobs.map((job) => [job.state, job.attemptsStarted])).toEqual(jobs.map(() => ['completed', 1]));
      }
    } finally {
      await splitQueue.close();
      connection.disconnect();
      await service.cleanup();
      await redis.destroy();
    }
  }, TEST_TIMEOUT_MS);
});
