/**
 * What sign-in and the audit trail cost per request: the same GET /v1/documents/{id} answered
 * by one API whose every access is written to the chained audit log (fsynced, as in service)
 * and by one whose audit writes nothing — both check the token and the route policy — in one run.
 *
 *   npm run bench:access [-- --requests 2000 --concurrency 8]
 */
import { parseArgs } from 'node:util';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { startQueueHarness } from '../support/queue-harness.ts';
import { uploadScan } from '../support/service-client.ts';
import { oneLineScan } from '../support/text-image.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '8' } } });
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

async function run(api: TestApi, path: string): Promise<{ perSecond: number; meanMs: number }> {
  const target = api.as('clinician');
  let next = 0;
  const started = performance.now();
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const t0 = performance.now();
        const response = await apiFetch(target, path);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: REQUESTS / seconds, meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length };
}

const harness = await startQueueHarness('access-bench', createFakeOcrEngine());
const audited = await startTestApi(harness);
const unaudited = await startTestApi(harness, { audit: async () => undefined });
try {
  const { id } = await uploadScan(audited.as('records'), await oneLineScan('Clinic note for the access bench'), 'access-bench.png');
  const path = `/v1/documents/${id}`;
  await run(unaudited, path); // warm-up: JIT, SQLite page cache
  const baseline = await run(unaudited, path);
  const withAudit = await run(audited, path);
  const events = (await harness.storage.audit.verify()).events;
  console.log(`GET ${'/v1/documents/{id}'} × ${REQUESTS}, ${CONCURRENCY} at a time, token + route policy on both`);
  console.log(`no audit writes : ${baseline.perSecond.toFixed(0)} req/s, mean ${baseline.meanMs.toFixed(2)} ms`);
  console.log(`audited (chained, fsynced): ${withAudit.perSecond.toFixed(0)} req/s, mean ${withAudit.meanMs.toFixed(2)} ms`);
  console.log(`audited ÷ baseline throughput: ${(withAudit.perSecond / baseline.perSecond).toFixed(2)}×; audit log verified: ${events} events`);
} finally {
  await audited.app.close();
  await unaudited.app.close();
  await harness.stop();
}
