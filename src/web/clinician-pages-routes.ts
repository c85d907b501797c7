import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CROSS_PATIENT_SEARCH } from '../api/route-policies.ts';
import { RectoError } from '../core/errors.ts';
import { compactNhsNumber } from '../core/nhs-number.ts';
import type { SearchHit, SearchIndex, SearchPage } from '../search/search-index.ts';
import { pageSizesOf } from '../storage/page-image.ts';
import type { Storage } from '../storage/storage.ts';
import { documentViewerPage } from './document-viewer-page.ts';
import type { Html } from './html.ts';
import { type FormError, readSearchForm, SEARCH_FORM_FIELDS, type SearchFormValues } from './search-form.ts';
import { type SearchPageContext, searchPage } from './search-page.ts';

export interface ClinicianPagesOptions {
  storage: Storage;
  search: SearchIndex;
}

const formQuery = {
  type: 'object',
  properties: Object.fromEntries(SEARCH_FORM_FIELDS.map((name) => [name, { type: 'string', maxLength: 500 }])),
  additionalProperties: false,
} as const;

export const GIVE_A_PATIENT =
  "Give the patient's NHS number, their name and date of birth, or their hospital number: " +
  "you can search one patient's documents at a time. Searching across all patients is for reviewers and administrators.";

/**
 * The clinician's pages, rendered on the server from plain GET forms (script only places boxes
 * and zooms): /search finds a patient's documents or the pages holding words, /documents/{id}
 * shows one document. Both call the search index directly, as GET /v1/search does, and audit
 * the same way: the documents shown, and the patient when the search or document names one.
 */
export function clinicianPagesRoutes(app: FastifyInstance, { storage, search }: ClinicianPagesOptions): void {
  app.get<{ Querystring: SearchFormValues }>('/search', { schema: { hide: true, querystring: formQuery } }, async (request, reply) => {
    const values = request.query;
    const read = readSearchForm(values);
    const render = (status: number, context: Partial<SearchPageContext>) =>
      sendPage(reply, status, searchPage({ values, errors: [], who: request.identity ?? undefined, ...context }));
    if (read.empty) return render(200, {});
    if (read.errors.length > 0) return render(400, { errors: read.errors });
    // The same rule as GET /v1/search, told as guidance rather than refused: a clinician searches
    // within the patient in front of them. Name with date of birth counts as naming them here.
    const acrossPatients = request.identity!.roles.some((role) => CROSS_PATIENT_SEARCH.includes(role));
    if (!read.namesPatient && !acrossPatients) return render(200, { notice: GIVE_A_PATIENT });
    let page: SearchPage;
    try {
      page = await search.search(read.query);
    } catch (error) {
      if (error instanceof RectoError && (error.code === 'INVALID_SEARCH_QUERY' || error.code === 'INVALID_CURSOR')) {
        return render(400, { errors: [{ field: fieldOfProblem(error.message), message: error.message }] });
      }
      throw error;
    }
    auditShown(request, page.hits, read.query.nhsNumber);
    return render(200, { results: { page, text: read.query.text } });
  });

  app.get<{ Params: { id: string }; Querystring: { q?: string } }>('/documents/:id', {
    schema: {
      hide: true,
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
      querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 500 } }, additionalProperties: false },
    },
  }, async (request, reply) => {
    const document = await storage.metadata.getDocument(request.params.id);
    if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${request.params.id}`);
    const q = request.query.q?.trim() || undefined;
    let indexed: SearchHit | null;
    let qProblem: string | undefined;
    try {
      indexed = await search.documentHits(document.id, q);
    } catch (error) {
      if (!(error instanceof RectoError && error.code === 'INVALID_SEARCH_QUERY')) throw error;
      qProblem = error.message;
      indexed = await search.documentHits(document.id);
    }
    if (indexed?.nhsNumber) request.auditPatient = indexed.nhsNumber;
    const pageSizes = await pageSizesOf(storage, document.id, Array.from({ length: document.pageCount ?? 0 }, (_, page) => page));
    // The text output holds every page, separated by form feeds; pages q hits show the index's words instead.
    const pageTexts = document.outputs.textKey ? (await storage.blobs.get(document.outputs.textKey)).toString('utf8').split('\f') : [];
    return sendPage(reply, 200, documentViewerPage({ document, indexed, pageSizes, pageTexts, q, qProblem, who: request.identity ?? undefined }));
  });
}

function sendPage(reply: FastifyReply, status: number, page: Html): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}

/** Which box an index's refusal is about, for the error summary's link. */
function fieldOfProblem(message: string): FormError['field'] {
  return /NHS number/i.test(message) ? 'nhsNumber' : 'q';
}

/** As GET /v1/search: the documents shown, their patients, and the patient searched for by NHS number. */
function auditShown(request: FastifyRequest, hits: readonly SearchHit[], nhsNumber: string | undefined): void {
  request.auditShown = hits.map((hit) => hit.documentId);
  request.auditDetails = { hits: hits.length, patientsShown: [...new Set(hits.map((hit) => hit.nhsNumber).filter((value): value is string => value !== null))] };
  if (nhsNumber !== undefined) {
    request.auditPatient = compactNhsNumber(nhsNumber);
    request.auditSubject = request.auditPatient;
  }
}
