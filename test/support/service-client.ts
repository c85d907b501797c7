import type { DocumentRecord, Storage } from '../../src/storage/storage.ts';
import { type ApiTarget, apiFetch } from './test-api.ts';

/** Talking to a running capture service the way a scanner integration would, and waiting on it. */

export interface UploadReply {
  status: number;
  id: string;
  duplicate: boolean;
  sha256: string;
}

/** POST /v1/documents with one file (text fields first, as the API reads them), as multipart form data. Rejects on a network error. */
export async function uploadScan(api: ApiTarget, bytes: Buffer, fileName: string, fields: Record<string, string> = {}): Promise<UploadReply> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  return replyTo(fileName, await apiFetch(api, '/v1/documents', { method: 'POST', body: form }));
}

/**
 * An upload that takes `durationMs` to arrive: all but the last bytes at once, the rest after
 * the pause, as from a slow scanner link. Lets a test stop the API while uploads are in flight.
 */
export async function uploadSlowly(api: ApiTarget, bytes: Buffer, fileName: string, durationMs: number): Promise<UploadReply> {
  const boundary = `recto-${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const split = body.length - 64;
  let timer: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(body.subarray(0, split)));
      timer = setTimeout(() => {
        controller.enqueue(new Uint8Array(body.subarray(split)));
        controller.close();
      }, durationMs);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  const init: RequestInit & { duplex: 'half' } = {
    method: 'POST',
    headers: { ...api.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: stream,
    duplex: 'half',
  };
  try {
    return await replyTo(fileName, await fetch(`${api.url}/v1/documents`, init));
  } finally {
    clearTimeout(timer);
  }
}

/** The upload's answer; an answer without a document id (a problem) is an error here. */
async function replyTo(fileName: string, response: Response): Promise<UploadReply> {
  const body = (await response.json()) as Partial<UploadReply>;
  if (typeof body.id !== 'string') throw new Error(`upload of ${fileName} answered ${response.status}: ${JSON.stringify(body)}`);
  return { status: response.status, id: body.id, duplicate: body.duplicate === true, sha256: body.sha256 ?? '' };
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last state after the deadline. */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | false | null | undefined>,
  describe: () => Promise<string> | string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}. ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Polls GET /v1/documents/{id} until its status is one of `wanted`, and returns the document as the API shows it. */
export async function waitForDocumentStatus(
  api: ApiTarget,
  id: string,
  wanted: readonly string[],
  timeoutMs = 60_000,
): Promise<Record<string, unknown> & { status: string }> {
  let status = 'unknown';
  return waitUntil(
    `${id} is ${wanted.join(' or ')}`,
    timeoutMs,
    async () => {
      const document = (await (await apiFetch(api, `/v1/documents/${id}`)).json()) as Record<string, unknown> & { status: string };
      status = document.status;
      return wanted.includes(status) && document;
    },
    () => `still ${status}`,
  );
}

/** Uploads a scan and waits until it is processed; a failed document is an error here. */
export async function uploadUntilDone(api: ApiTarget, bytes: Buffer, fileName: string, fields: Record<string, string> = {}): Promise<string> {
  const { id } = await uploadScan(api, bytes, fileName, fields);
  const { status } = await waitForDocumentStatus(api, id, ['done', 'failed']);
  if (status !== 'done') throw new Error(`${fileName} ended ${status}`);
  return id;
}

/**
 * Waits until every listed document is done, reading the service's own storage. A failed
 * document ends the wait at once with its error: it will not become done by waiting.
 */
export async function waitForDone(storage: Storage, ids: readonly string[], timeoutMs: number): Promise<DocumentRecord[]> {
  let documents: Array<DocumentRecord | null> = [];
  return waitUntil(
    `${ids.length} documents are done`,
    timeoutMs,
    async () => {
      documents = await Promise.all(ids.map((id) => storage.metadata.getDocument(id)));
      const failed = documents.find((document) => document?.status === 'failed');
      if (failed) throw new Error(`document ${failed.id} failed: ${JSON.stringify(failed.error)}`);
      return documents.every((document) => document?.status === 'done') && (documents as DocumentRecord[]);
    },
    () => {
      const byStatus: Record<string, number> = {};
      for (const document of documents) byStatus[document?.status ?? 'missing'] = (byStatus[document?.status ?? 'missing'] ?? 0) + 1;
      return `statuses: ${JSON.stringify(byStatus)}`;
    },
  );
}
