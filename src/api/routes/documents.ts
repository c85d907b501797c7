import type {} from '@fastify/swagger'; // adds tags, summary and hide to route schemas
import '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { DocumentQueue } from '../../../queues/enqueue.ts';
import { parsePipelineOptions, type PipelineOptions } from '../../core/config.ts';
import { RectoError } from '../../core/errors.ts';
import { cleanFileName } from '../../core/file-name.ts';
import type { InputFormat } from '../../core/types.ts';
import { detectInputFormat } from '../../stages/split/detect-type.ts';
import { countPages } from '../../stages/split/split-pages.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { IndexedPatient } from '../../matching/patient-index.ts';
import type { ReviewStore } from '../../review/review-store.ts';
import type { SearchIndex } from '../../search/search-index.ts';
import type { DocumentRecord, FilingStatus, Storage, UploadMetadata } from '../../storage/storage.ts';
import { documentView, documentViews } from '../document-view.ts';
import { documentIdParams, documentList, documentWithPages, listQuery, problemAnswers, uploadAnswer } from '../schemas.ts';

export interface DocumentRoutesOptions {
  storage: Storage;
  queue: DocumentQueue;
  maxUploadBytes: number;
  /** A retried document leaves the index until it is read again: no hit may show text the new attempt replaces. */
  search: SearchIndex;
  /** The pipeline's own limits (ServiceConfig.pipeline), so an upload is refused exactly when the split would refuse it. */
  inputLimits?: InputLimits;
  /** With a review store, a document in review names its review item (`reviewItemId`) and its outcome the reasons or decision. */
  review?: ReviewStore;
  /** The audit trail's filing decisions say to whom Recto filed a document (its `outcome`). */
  auditLog?: Pick<AuditLog, 'latestOf'>;
  /** With filing configured, the patient index names the patient a document was filed to. */
  filing?: { findPatient?: (nhsNumber: string) => Promise<IndexedPatient | null> };
}

export type InputLimits = Pick<PipelineOptions, 'pdfDpi' | 'maxPages' | 'maxInputPixels'>;

/** Enough of a file to tell its type (PDF allows 1 KiB of junk before its header). */
const SNIFF_BYTES = 4096;
/** Limits a file breaks for good: refused at upload. Other failures (a damaged file) are recorded on the document as before. */
const REFUSED_AT_UPLOAD = new Set(['TOO_MANY_PAGES', 'IMAGE_TOO_LARGE', 'PDF_TOO_COMPLEX']);

/** The documents API: upload, status, outputs, retry, list. */
export function documentRoutes(app: FastifyInstance, { storage, queue, search, maxUploadBytes, inputLimits, review, auditLog, filing }: DocumentRoutesOptions): void {
  const { blobs, metadata } = storage;
  const sources = { review, audit: auditLog, findPatient: filing?.findPatient };
  const limits: InputLimits = inputLimits ?? parsePipelineOptions();

  /** A page-count bomb is refused now, so the uploader hears at once and no flow of 100,000 jobs is queued. */
  async function assertWithinLimits(key: string, format: InputFormat, fileName: string): Promise<void> {
    if (format !== 'pdf' && format !== 'tiff') return;
    try {
      // The page tree or directory chain can sit anywhere in the file, so this reads it all (up to MAX_UPLOAD_BYTES).
      await countPages(await blobs.get(key), format, fileName, limits);
    } catch (error) {
      if (error instanceof RectoError && REFUSED_AT_UPLOAD.has(error.code)) throw error;
    }
  }

  const tags = ['documents'];

  app.post('/v1/documents', {
    schema: {
      tags,
      summary: 'Upload a scan (multipart/form-data: optional text fields, then one `file` part)',
      description:
        'Answers 202 with the new document id once the file is durably stored; the same file uploaded again answers 200 with the existing document and `duplicate: true`. Poll GET /v1/documents/{id} until `status` is done or failed. A PDF or TIFF with more pages than the limit (TOO_MANY_PAGES) or an image over the pixel limit (IMAGE_TOO_LARGE) answers 422 at once and nothing is kept.',
      response: { 200: uploadAnswer, 202: uploadAnswer, ...problemAnswers(400, 413, 415, 422, 503) },
    },
  }, async (request, reply) => {
    const part = await request.file({ limits: { fileSize: maxUploadBytes, files: 1 } });
    if (!part) throw new RectoError('EMPTY_FILE', 'the upload has no file part');
    // Control characters, bidi overrides and path separators never reach storage, outputs or messages.
    const fileName = cleanFileName(part.filename);
    // Stored (hashed, fsynced, renamed into place) before anything else: a 202 means durable.
    const stored = await blobs.putStream(part.file, { maxBytes: maxUploadBytes });
    const discard = async (): Promise<void> => {
      if (!(await metadata.findBySha256(stored.sha256))) await blobs.delete(stored.key);
    };
    if (part.file.truncated) {
      await discard();
      throw new RectoError('UPLOAD_TOO_LARGE', `${fileName ?? 'the upload'}: larger than the ${maxUploadBytes}-byte upload limit`);
    }
    let format;
    try {
      format = detectInputFormat(await blobs.readHead(stored.key, SNIFF_BYTES), fileName ?? 'upload');
      await assertWithinLimits(stored.key, format, fileName ?? `upload.${format}`);
    } catch (error) {
      await discard();
      throw error;
    }
    const { document, created } = await metadata.createDocumentIfAbsent({
      sha256: stored.sha256,
      originalKey: stored.key,
      fileName: fileName ?? `upload.${format}`,
      sizeBytes: stored.sizeBytes,
      format,
      // Who uploaded is who signed in, whatever the form says.
      metadata: { ...fieldsOf(part.fields), uploadedBy: request.identity?.id ?? 'anonymous' },
    });
    request.auditSubject = document.id;
    if (created) await queue.enqueue(document.id, 1);
    return reply
      .code(created ? 202 : 200)
      .header('location', `/v1/documents/${document.id}`)
      .send({ id: document.id, status: document.status, duplicate: !created, sha256: document.sha256 });
  });

  app.get<{ Querystring: { limit: number; cursor?: string; status?: DocumentRecord['status']; filing?: FilingStatus } }>('/v1/documents', {
    schema: { tags, summary: 'List documents, newest first, a page at a time (by capture status, filing status or both)', querystring: listQuery, response: { 200: documentList, ...problemAnswers(400) } },
  }, async (request) => {
    const { limit, cursor, status, filing } = request.query;
    const list = await metadata.listDocuments({ limit, cursor, status, filing });
    // The ids shown make each filed document's patient findable by `recto audit viewers`: a
    // document is the patient's once its filing event names them.
    request.auditShown = list.documents.map((document) => document.id);
    return { documents: await documentViews(list.documents, { metadata, ...sources }), nextCursor: list.nextCursor };
  });

  app.get<{ Params: { id: string } }>('/v1/documents/:id', {
    schema: {
      tags,
      summary: 'A document: its status, the status and timings of each page, its typed error if it failed, and where its filing stands',
      params: documentIdParams,
      response: { 200: documentWithPages, ...problemAnswers(404) },
    },
  }, async (request) => {
    const document = await mustFind(storage, request.params.id);
    const pages = await metadata.listPages(document.id);
    const view = await documentView(document, pages, sources);
    // The answer names the patient it was filed to: that is a view of their record.
    request.auditPatient = view.outcome?.patient?.nhsNumber ?? null;
    return { ...view, pages };
  });

  const outputs = { pdf: ['pdfKey', 'application/pdf'], text: ['textKey', 'text/plain; charset=utf-8'], json: ['sidecarKey', 'application/json'] } as const;
  for (const [route, [field, contentType]] of Object.entries(outputs)) {
    app.get<{ Params: { id: string } }>(`/v1/documents/:id/${route}`, {
      schema: {
        tags,
        summary: `The document's ${route === 'pdf' ? 'searchable PDF/A' : route === 'text' ? 'plain text (pages separated by form feeds)' : 'JSON sidecar (words, boxes, confidences)'}`,
        params: documentIdParams,
        produces: [contentType.split(';')[0]],
        response: { 200: { description: contentType, type: 'string', format: 'binary' }, ...problemAnswers(404, 409) },
      },
    }, async (request, reply) => {
      const document = await mustFind(storage, request.params.id);
      const key = document.outputs[field];
      if (document.status !== 'done' || !key) {
        throw new RectoError('OUTPUT_NOT_READY', `document ${document.id} is ${document.status}; its ${route} is not ready`);
      }
      return reply.type(contentType).send(blobs.openRead(key));
    });
  }

  app.post<{ Params: { id: string } }>('/v1/documents/:id/retry', {
    schema: {
      tags,
      summary: 'Process a failed document again as a new attempt (409 for any other status)',
      params: documentIdParams,
      response: { 202: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } }, ...problemAnswers(404, 409) },
    },
  }, async (request, reply) => {
    const document = await mustFind(storage, request.params.id);
    // Only a failed document: one queued or processing has live jobs (a second run would double
    // its work), and a done one may already be filed and delivered.
    if (document.status !== 'failed') {
      throw new RectoError('DOCUMENT_NOT_FAILED', `document ${document.id} is ${document.status}; only a failed document can be retried`);
    }
    // Reprocessing may read different words (or a different patient): the old hits go first (a
    // failure here changes nothing), and the new attempt is indexed when it is read and filed.
    await search.removeDocument(document.id);
    // ifStatus: of two retries at once, only the first moves it; the second gets the same 409.
    const queued = await metadata.updateDocument(document.id, { status: 'queued', error: null, ifStatus: 'failed' }).catch((error: unknown) => {
      if (error instanceof RectoError && error.code === 'INVALID_STATUS_TRANSITION') throw new RectoError('DOCUMENT_NOT_FAILED', error.message);
      throw error;
    });
    // A new attempt number gives the retry fresh job ids, so old failed jobs do not block it.
    await queue.enqueue(queued.id, queued.attempts + 1);
    return reply.code(202).send({ id: queued.id, status: queued.status });
  });
}

async function mustFind(storage: Storage, id: string): Promise<DocumentRecord> {
  const document = await storage.metadata.getDocument(id);
  if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${id}`);
  return document;
}

/** Multipart text fields sent before the file become the document's upload metadata. */
function fieldsOf(fields: Record<string, unknown>): UploadMetadata {
  const metadata: UploadMetadata = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = (field as { type?: string; value?: unknown } | undefined) ?? {};
    if (value.type === 'field' && typeof value.value === 'string' && name !== 'file') metadata[name] = value.value.slice(0, 1000);
  }
  return metadata;
}
