import type {} from '@fastify/swagger'; // adds tags and summary to route schemas
import type { FastifyInstance } from 'fastify';
import { RectoError } from '../../core/errors.ts';
import type { DocumentRecord, Storage } from '../../storage/storage.ts';
import { documentIdParams, documentRecord, problemAnswers } from '../schemas.ts';

export interface RefileRoutesOptions {
  storage: Storage;
  /** Absent when filing is not configured (no TRUST_CONFIG). */
  refile?: (documentId: string, request: { by: string }) => Promise<DocumentRecord>;
}

/** Nothing to say beyond the address: `{}`, as every state change here takes JSON. */
const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Re-filing: a document whose filing ran out of tries is filed again on request. */
export function refileRoutes(app: FastifyInstance, { storage, refile }: RefileRoutesOptions): void {
  app.post<{ Params: { id: string } }>('/v1/documents/:id/refile', {
    schema: {
      tags: ['documents'],
      summary: 'File again a document whose filing failed (409 FILING_NOT_FAILED for any other filing status)',
      description:
        'For a document whose `filing.status` is failed (e.g. the patient index was down for longer than the retries): queues a new file job and answers 202 with the document, filing pending. Who asked is in the audit trail. A filing that is pending, filed or in review is refused: pending work is never doubled, and a decided one is re-delivered or reviewed instead.',
      params: documentIdParams,
      body: emptyBody,
      response: { 202: documentRecord, ...problemAnswers(404, 409, 503) },
    },
  }, async (request, reply) => {
    if (!refile) {
      if (!(await storage.metadata.getDocument(request.params.id))) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${request.params.id}`);
      throw new RectoError('FILING_NOT_CONFIGURED', 'filing is not configured (TRUST_CONFIG), so there is nothing to re-file with');
    }
    const document = await refile(request.params.id, { by: request.identity!.id });
    return reply.code(202).send(document);
  });
}
