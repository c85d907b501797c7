import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../audit/audit-log.ts';
import { RectoError } from '../../core/errors.ts';
import { pageSizesOf } from '../../storage/page-image.ts';
import { locatedValues } from '../review-fields.ts';
import type { ReviewItem, ReviewStore } from '../review-store.ts';
import type { DeliveryStore } from '../../storage/delivery-store.ts';
import type { DocumentRecord, Storage } from '../../storage/storage.ts';
import { reviewItemPage } from './review-item-page.ts';
import { QUEUE_VIEWS, type QueueView, reviewQueuePage } from './review-pages.ts';

/** How many items a tab lists: the queue is worked from the top; older decisions are in the audit log. */
const SHOWN = 200;

export interface ReviewWebOptions {
  storage: Storage;
  review: ReviewStore;
  /** For when the current claim was taken. */
  audit: AuditLog;
  /** For where an approved document was delivered. */
  deliveries: DeliveryStore;
}

/** The reviewers' pages: the queue at /review (tabs: open, claimed, decided) and one item at /review/{id}, in the NHS design system. */
export async function reviewWebRoutes(app: FastifyInstance, { storage, review, audit, deliveries }: ReviewWebOptions): Promise<void> {
  app.get<{ Querystring: { show?: QueueView } }>('/review', {
    schema: { hide: true, querystring: { type: 'object', properties: { show: { type: 'string', enum: [...QUEUE_VIEWS] } } } },
  }, async (request, reply) => {
    const view = request.query.show ?? 'open';
    const items = await itemsIn(review, view);
    request.auditShown = items.map((item) => item.id);
    const documents = new Map<string, DocumentRecord>();
    for (const item of items) {
      const document = await storage.metadata.getDocument(item.documentId);
      if (document) documents.set(item.documentId, document);
    }
    return reply.type('text/html; charset=utf-8').send(reviewQueuePage(view, items, documents, request.identity).value);
  });

  app.get<{ Params: { id: string } }>('/review/:id', { schema: { hide: true } }, async (request, reply) => {
    const item = await review.getItem(request.params.id);
    if (!item) throw new RectoError('REVIEW_ITEM_NOT_FOUND', `no review item ${request.params.id}`);
    const fields = locatedValues(item.extracted);
    const decided = item.status === 'approved' || item.status === 'rejected';
    const [document, pageSizes, delivered, claimedAt, open] = await Promise.all([
      storage.metadata.getDocument(item.documentId),
      pageSizesOf(storage, item.documentId, fields.map((field) => field.foundAt.page)),
      item.status === 'approved' ? deliveries.listOf(item.documentId) : Promise.resolve([]),
      item.status === 'claimed' ? claimTakenAt(audit, item) : Promise.resolve(null),
      decided || item.status === 'claimed' ? review.listItems({ status: 'open', limit: 2 }) : Promise.resolve({ items: [] as ReviewItem[] }),
    ]);
    const nextItemId = open.items.find((candidate) => candidate.id !== item.id)?.id ?? null;
    const page = reviewItemPage({
      item,
      document,
      fields,
      holding: { viewer: request.identity?.id ?? '', claimedAt },
      deliveries: delivered,
      pageSizes,
      nextItemId,
      who: request.identity,
    });
    return reply.type('text/html; charset=utf-8').send(page.value);
  });
}

async function itemsIn(review: ReviewStore, view: QueueView): Promise<ReviewItem[]> {
  if (view !== 'decided') return (await review.listItems({ status: view, limit: SHOWN })).items;
  const [approved, rejected] = await Promise.all([review.listItems({ status: 'approved', limit: SHOWN }), review.listItems({ status: 'rejected', limit: SHOWN })]);
  // Newest decision first: "what did we just decide?" is the question this tab answers.
  return [...approved.items, ...rejected.items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, SHOWN);
}

/** When the current holder took the item: the latest claim in its trail. */
async function claimTakenAt(audit: AuditLog, item: ReviewItem): Promise<string | null> {
  const claims = (await audit.trailOf(item.id)).filter((event) => event.action === 'review.claimed' && event.actor === item.claimedBy);
  return claims.at(-1)?.at ?? null;
}
