import type { FastifyInstance } from 'fastify';
import { RectoError } from '../../core/errors.ts';
import { locatedValues } from '../review-fields.ts';
import type { ReviewStore } from '../review-store.ts';
import type { DocumentRecord, Storage } from '../../storage/storage.ts';
import { reviewItemPage, reviewQueuePage } from './review-pages.ts';

/** The reviewers' pages: the queue at /review and one item at /review/{id}, in the NHS design system. */
export async function reviewWebRoutes(app: FastifyInstance, { storage, review }: { storage: Storage; review: ReviewStore }): Promise<void> {
  app.get('/review', { schema: { hide: true } }, async (request, reply) => {
    const [open, claimed] = await Promise.all([review.listItems({ status: 'open', limit: 200 }), review.listItems({ status: 'claimed', limit: 200 })]);
    const items = [...claimed.items, ...open.items].sort((a, b) => a.id.localeCompare(b.id));
    request.auditShown = items.map((item) => item.id);
    const documents = new Map<string, DocumentRecord>();
    for (const item of items) {
      const document = await storage.metadata.getDocument(item.documentId);
      if (document) documents.set(item.documentId, document);
    }
    return reply.type('text/html; charset=utf-8').send(reviewQueuePage(items, documents, request.identity).value);
  });

  app.get<{ Params: { id: string } }>('/review/:id', { schema: { hide: true } }, async (request, reply) => {
    const item = await review.getItem(request.params.id);
    if (!item) throw new RectoError('REVIEW_ITEM_NOT_FOUND', `no review item ${request.params.id}`);
    const document = await storage.metadata.getDocument(item.documentId);
    return reply.type('text/html; charset=utf-8').send(reviewItemPage(item, document, locatedValues(item.extracted), request.identity).value);
  });
}
