import type { FastifyInstance } from 'fastify';
import { RectoError } from '../../core/errors.ts';
import type { SearchIndex } from '../../search/search-index.ts';
import { SCREEN_WIDTH_PX, wholePageImage } from '../../storage/page-image.ts';
import type { Storage } from '../../storage/storage.ts';
import { problemAnswers } from '../schemas.ts';

export interface DocumentPagesRoutesOptions {
  storage: Storage;
  search: SearchIndex;
}

/** Thumbnails below this are no use to anyone; it also bounds how many sizes the cache holds per page. */
const MIN_WIDTH_PX = 100;

/**
 * A document's page as an image for the document viewer (and any client): the cleaned page, the
 * geometry the search's word boxes are in. The view is audited naming the document's patient
 * once filing or a reviewer settled who it is (the search index's attribution), so the
 * patient's `recto audit viewers` lists whoever looked at the page itself.
 */
export function documentPagesRoutes(app: FastifyInstance, { storage, search }: DocumentPagesRoutesOptions): void {
  app.get<{ Params: { id: string; page: number }; Querystring: { width?: number } }>('/v1/documents/:id/pages/:page/image', {
    schema: {
      tags: ['documents'],
      summary: `A page of the document as WebP, at most ${SCREEN_WIDTH_PX} px wide (\`width\` for smaller, e.g. thumbnails); page numbers count from 0, as in search hits`,
      params: {
        type: 'object',
        properties: { id: { type: 'string' }, page: { type: 'integer', minimum: 0, maximum: 9999 } },
        required: ['id', 'page'],
      },
      querystring: {
        type: 'object',
        properties: { width: { type: 'integer', minimum: MIN_WIDTH_PX, maximum: SCREEN_WIDTH_PX, description: 'pixels wide (never enlarged)' } },
      },
      produces: ['image/webp'],
      response: { 200: { description: 'image/webp', type: 'string', format: 'binary' }, ...problemAnswers(400, 404, 409) },
    },
  }, async (request, reply) => {
    const { id, page } = request.params;
    const document = await storage.metadata.getDocument(id);
    if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${id}`);
    const indexed = await search.documentHits(id);
    if (indexed?.nhsNumber) request.auditPatient = indexed.nhsNumber;
    const image = await wholePageImage(storage, id, page, request.query.width ?? SCREEN_WIDTH_PX);
    return reply.type('image/webp').send(image);
  });
}
