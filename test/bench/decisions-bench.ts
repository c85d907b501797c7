/**
 * `npm run bench:decisions [-- --trust-config FILE]`: every sample's filing decision as each
 * runner makes it, and whether they agree. The local runner is `recto scan --trust-config`
 * (scanBatch in this process); the service is the queue runner (real Redis on 127.0.0.1:6379
 * under a random prefix, stage and file workers in this process, real storage), its decision read
 * from the audit trail the file worker writes. Agreeing means the same outcome and, when filed,
 * the same NHS number and sinks, or when sent to review, the same reason codes.
 *
 * The config is the example trust's (samples/trust/trust-config.example.json) unless given. Its
 * record systems are pointed at nothing (127.0.0.1:9, a temporary drop folder) in a copy: a
 * decision names sinks, it does not depend on where they are, and nothing may leave this machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseScanOptions } from '../../src/core/config.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { filingDecisions } from '../../src/filing/filing-audit.ts';
import { openTrustServices } from '../../src/filing/open-trust-services.ts';
import { loadTrustConfig } from '../../src/filing/trust-config.ts';
import { scanBatch } from '../../src/runners/scan-batch.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import { startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR, sampleFiles } from '../support/samples.ts';
import { waitForDone, waitUntil } from '../support/service-client.ts';

const { values: flags } = parseArgs({ options: { 'trust-config': { type: 'string' } } });
const work = mkdtempSync(path.join(os.tmpdir(), 'recto-decisions-'));

/** A decision as both runners can state it. */
interface Decision {
  outcome: 'file' | 'review' | 'failed';
  /** NHS number and sinks when filed; the sorted reason codes for review; the error code when failed. */
  detail: string;
}

function configPointingNowhere(file: string): string {
  const config = JSON.parse(readFileSync(file, 'utf8'));
  if (config.patientIndex?.type === 'csv') config.patientIndex.path = path.resolve(path.dirname(file), config.patientIndex.path);
  for (const sink of config.sinks ?? []) {
    if (sink.type === 'fhir') sink.baseUrl = 'http://127.0.0.1:9/R4';
    if (sink.type === 'hl7') Object.assign(sink, { host: '127.0.0.1', port: 9 });
    if (sink.type === 'file-drop') sink.folder = path.join(work, `drop-${sink.name}`);
  }
  const copy = path.join(work, 'trust.json');
  writeFileSync(copy, JSON.stringify(config));
  return copy;
}

async function localDecisions(configFile: string): Promise<Map<string, Decision>> {
  const { config } = await loadTrustConfig(configFile);
  const services = await openTrustServices(config);
  try {
    const options = parseScanOptions({ outDir: path.join(work, 'out') });
    const summary = await scanBatch(sampleFiles().map((name) => path.join(SAMPLES_DIR, name)), options, (workers) => createTesseractEngine({ workers }), {}, {
      config,
      services,
    });
    const decisions = new Map<string, Decision>();
    for (const result of summary.results) {
      if (result.status !== 'done' || !result.filing) {
        decisions.set(result.fileName, { outcome: 'failed', detail: result.status === 'failed' ? result.error.code : 'no decision' });
        continue;
      }
      const { filing } = result;
      if (filing.outcome === 'file') decisions.set(result.fileName, { outcome: 'file', detail: `${filing.patient.nhsNumber} → ${filing.sinks.join(',')}` });
      else if (filing.outcome === 'review') decisions.set(result.fileName, { outcome: 'review', detail: filing.reasons.map((reason) => reason.code).sort().join(',') });
      else decisions.set(result.fileName, { outcome: 'failed', detail: filing.error.code });
    }
    return decisions;
  } finally {
    await services.close();
  }
}

async function serviceDecisions(configFile: string): Promise<Map<string, Decision>> {
  const engine = await createTesseractEngine({ workers: parseScanOptions({ outDir: work }).workers });
  const harness = await startQueueHarness('decisions', engine, { trustConfig: configFile });
  try {
    const ids = new Map<string, string>();
    for (const fileName of sampleFiles()) {
      const bytes = readFileSync(path.join(SAMPLES_DIR, fileName));
      const blob = await harness.storage.blobs.putBuffer(bytes);
      const { document } = await harness.storage.metadata.createDocumentIfAbsent({
        sha256: blob.sha256,
        originalKey: blob.key,
        fileName,
        sizeBytes: blob.sizeBytes,
        format: detectInputFormat(bytes, fileName),
      });
      await harness.queue.enqueue(document.id, 1);
      ids.set(fileName, document.id);
    }
    await waitForDone(harness.storage, [...ids.values()], 20 * 60_000);
    const decisions = new Map<string, Decision>();
    for (const [fileName, id] of ids) {
      const [latest] = await waitUntil(`${fileName} is decided`, 60_000, async () => {
        const found = filingDecisions(await harness.storage.audit.trailOf(id));
        return found.length > 0 && found;
      });
      if (latest.kind === 'filed') {
        const filed = (await harness.storage.audit.trailOf(id)).find((event) => event.action === 'document.filed')?.after as { nhsNumber: string; sinks: string[] };
        decisions.set(fileName, { outcome: 'file', detail: `${filed.nhsNumber} → ${filed.sinks.join(',')}` });
      } else {
        const item = await harness.review.getItem(latest.reviewItemId);
        decisions.set(fileName, { outcome: 'review', detail: (item?.reasons ?? []).map((reason) => reason.code).sort().join(',') });
      }
    }
    return decisions;
  } finally {
    await harness.stop();
    await engine.close();
  }
}

const configFile = configPointingNowhere(path.resolve(flags['trust-config'] ?? path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json')));
try {
  console.log('recto scan --trust-config (local runner)…');
  const local = await localDecisions(configFile);
  console.log('capture service (queue runner, file worker)…');
  const service = await serviceDecisions(configFile);
  let agree = 0;
  for (const fileName of sampleFiles()) {
    const [mine, theirs] = [local.get(fileName), service.get(fileName)];
    const same = mine !== undefined && theirs !== undefined && mine.outcome === theirs.outcome && mine.detail === theirs.detail;
    if (same) agree++;
    const describe = (decision?: Decision) => (decision ? `${decision.outcome} ${decision.detail}` : 'none');
    console.log(`${same ? '✓' : '✗'} ${fileName.padEnd(44)} ${describe(mine)}${same ? '' : `  | service: ${describe(theirs)}`}`);
  }
  console.log(`\n${agree} of ${sampleFiles().length} samples: the same decision from both runners`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
