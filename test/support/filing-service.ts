import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { layOut } from './fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from './queue-harness.ts';
import { SAMPLES_DIR } from './samples.ts';
import { uploadUntilDone, waitUntil } from './service-client.ts';
import { startTestApi, type TestApi } from './test-api.ts';
import { writeTestTrust } from './test-trust.ts';

/**
 * The service as the clinician's pages meet it: real API, queue, storage and filing against the
 * test trust's CSV patient index, with OCR faked as a sample letter's text plus a first line
 * holding a word only it has. Every page uploaded is "read" as that letter, so every document is
 * filed to the letter's patient, Evelyn Marchetti.
 */

const SAMPLE = 'fields-clinic-letter-phone-fax';
/** The letter's patient, as the example CSV patient index holds her. */
export const MARCHETTI = { nhsNumber: '9993048143', given: 'Evelyn Rose', family: 'Marchetti', birthDate: { day: '17', month: '9', year: '1948' }, mrn: 'KB2209471' };
/** A word only the letter holds: a word search for it finds the letter and nothing else. */
export const ONLY_HERE = 'zephyrine';
/** The lines the fake engine reads on every page; the extra one first, so its box lies on the scan (lines are laid out from the top left). */
export const LETTER_LINES = [
  `${ONLY_HERE} culture awaited.`,
  ...readFileSync(path.join(SAMPLES_DIR, 'expected', `${SAMPLE}.txt`), 'utf8').split('\n').filter((line) => line.trim()),
];

export interface FilingService {
  harness: QueueHarness;
  api: TestApi;
  /** Uploads a scan as records staff and waits until it is captured and filed; its document id. */
  fileDocument(bytes: Buffer, fileName: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startFilingService(label: string): Promise<FilingService> {
  const engine: OcrEngine = { name: 'fake', version: 'fake-ocr 1', recognize: async () => layOut(LETTER_LINES), close: async () => undefined };
  const { configFile, configDir } = writeTestTrust(label, { name: 'drop', type: 'file-drop' });
  const harness = await startQueueHarness(label, engine, { trustConfig: configFile });
  const api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  return {
    harness,
    api,
    fileDocument: async (bytes, fileName) => {
      const documentId = await uploadUntilDone(api.as('records'), bytes, fileName);
      await waitUntil(`${documentId} is filed`, 60_000, async () => (await harness.storage.metadata.getDocument(documentId))?.filing?.status === 'filed');
      return documentId;
    },
    stop: async () => {
      await api.app.close();
      await harness.stop();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
