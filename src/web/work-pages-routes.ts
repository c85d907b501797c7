import type { FastifyInstance, FastifyRequest } from 'fastify';
import { documentViews, type ViewSources } from '../api/document-view.ts';
import type { ReviewStore } from '../review/review-store.ts';
import type { AuthStore } from '../storage/auth-store.ts';
import type { DeliveryStore } from '../storage/delivery-store.ts';
import type { Storage } from '../storage/storage.ts';
import { adminPage } from './admin-page.ts';
import { DOCUMENT_STATUSES, type DocumentFilters, type DocumentsListing, documentsTable, FILING_STATUSES } from './documents-table.ts';
import { uploadPage } from './upload-page.ts';

export interface WorkPagesOptions {
  storage: Storage;
  auth: AuthStore;
  /** Names each document's review item, so reviewers get a link to it. */
  review?: ReviewStore;
  /** Filing is configured (TRUST_CONFIG): a document just captured is about to be filed. */
  filingOn?: boolean;
  /** Each document's deliveries, for retrying or failed ones (one read for the page). */
  deliveries?: DeliveryStore;
  /** Where each document ended up: to whom it was filed (the filing events), and the patient's name (the index). */
  outcomeSources?: Omit<ViewSources, 'review'>;
}

/** A page of the list: enough to see a batch come through without paging, small enough to poll. */
const LIST_LIMIT = 50;

/** The filter form sends "" for Any; anything else must be a status, as on the API. */
const listingQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['', ...DOCUMENT_STATUSES] },
    filing: { type: 'string', enum: ['', ...FILING_STATUSES] },
    cursor: { type: 'string', maxLength: 100 },
  },
  additionalProperties: false,
} as const;

type ListingQuery = { Querystring: { status?: DocumentFilters['status'] | ''; filing?: DocumentFilters['filing'] | ''; cursor?: string } };

/** The records staff's upload page and the admins' page; who may open each is in src/api/route-policies.ts. */
export function workPagesRoutes(app: FastifyInstance, { storage, auth, review, deliveries, filingOn = false, outcomeSources = {} }: WorkPagesOptions): void {
  async function listing(request: FastifyRequest<ListingQuery>): Promise<DocumentsListing> {
    const filters: DocumentFilters = { status: request.query.status || undefined, filing: request.query.filing || undefined };
    const list = await storage.metadata.listDocuments({ limit: LIST_LIMIT, cursor: request.query.cursor || undefined, ...filters });
    request.auditShown = list.documents.map((document) => document.id);
    const ids = list.documents.map((document) => document.id);
    const [documents, delivered] = await Promise.all([
      documentViews(list.documents, { metadata: storage.metadata, review, ...outcomeSources }),
      deliveries ? deliveries.listOfMany(ids) : undefined,
    ]);
    return { documents, nextCursor: list.nextCursor, filters, filingOn, now: Date.now(), deliveries: delivered };
  }

  app.get<ListingQuery>('/upload', { schema: { hide: true, querystring: listingQuery } }, async (request, reply) => {
    return reply.type('text/html; charset=utf-8').send(uploadPage(await listing(request), request.identity).value);
  });

  // The documents table alone, as the page renders it: its script polls this while documents are
  // moving, so the wording and escaping of a row live in one place (documents-table.ts).
  app.get<ListingQuery>('/upload/documents', { schema: { hide: true, querystring: listingQuery } }, async (request, reply) => {
    return reply.type('text/html; charset=utf-8').send(documentsTable(await listing(request), request.identity).value);
  });

  app.get('/admin', { schema: { hide: true } }, async (request, reply) => {
    const [users, tokens] = await Promise.all([auth.listUsers(), auth.listTokens()]);
    return reply.type('text/html; charset=utf-8').send(adminPage(users, tokens, request.identity).value);
  });
}
