import type {} from '@fastify/swagger'; // adds tags and summary to route schemas
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RectoError } from '../../core/errors.ts';
import { compactNhsNumber } from '../../core/nhs-number.ts';
import type { SearchHit, SearchIndex, SearchPage, SearchQuery } from '../../search/search-index.ts';
import { requestedDocumentTypes, validateSearchQuery } from '../../search/validate-search-query.ts';
import { CROSS_PATIENT_SEARCH } from '../route-policies.ts';
import { problemAnswers } from '../schemas.ts';
import { patientParams, searchAnswer, searchQuery, timelineQuery } from '../search-schemas.ts';

export interface SearchRoutesOptions {
  search: SearchIndex;
}

interface SearchQuerystring {
  q?: string;
  nhsNumber?: string;
  mrn?: string;
  name?: string;
  birthDate?: string;
  type?: string[];
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
}

/**
 * Search of the captured documents: ranked words and phrases with filters, and one patient's
 * timeline. A bad search is 400 INVALID_SEARCH_QUERY (a cursor from another search: 400
 * INVALID_CURSOR). Every call is audited by the access hook (who, the query, how many hits, and the
 * documents shown, so each shown patient's `recto audit viewers` lists the searcher); a search
 * for one NHS number names that patient on the event itself, hits or none.
 */
export function searchRoutes(app: FastifyInstance, { search }: SearchRoutesOptions): void {
  const tags = ['search'];

  app.get<{ Querystring: SearchQuerystring }>('/v1/search', {
    attachValidation: true,
    schema: {
      tags,
      summary: 'Search the documents: words and phrases ranked, with snippets and word boxes, or only filters (newest first)',
      description:
        'Within one patient (`nhsNumber` or `mrn`) for clinicians, reviewers and admins; across all patients for reviewers and admins only (403 otherwise). ' +
        'A document is attributed to a patient (`patientConfirmed`) only once filing or a reviewer confirmed who it is about; before that it is found by its words alone.',
      querystring: searchQuery,
      response: { 200: searchAnswer, ...problemAnswers(400, 403, 503) },
    },
  }, async (request) => {
    const query = searchQueryOf(request);
    // Checked before the role: a bad search is 400 whoever asks.
    validateSearchQuery(query);
    if (!query.nhsNumber && !query.mrn && !request.identity!.roles.some((role) => CROSS_PATIENT_SEARCH.includes(role))) {
      throw new RectoError(
        'FORBIDDEN',
        `a search across all patients needs the ${CROSS_PATIENT_SEARCH.join(' or ')} role: give the patient's NHS number (nhsNumber) or hospital number (mrn)`,
      );
    }
    const answered = answer(request, await search.search(query), query.nhsNumber);
    // The access event keeps the query's single values; the list of types is added here.
    if (query.types?.length) request.auditDetails = { ...request.auditDetails, types: query.types };
    return answered;
  });

  app.get<{ Params: { nhsNumber: string }; Querystring: { limit?: string; cursor?: string } }>('/v1/patients/:nhsNumber/documents', {
    attachValidation: true,
    schema: {
      tags,
      summary: "One patient's documents, newest document date first (undated last): those filed to them or approved for them by a reviewer",
      params: patientParams,
      querystring: timelineQuery,
      response: { 200: searchAnswer, ...problemAnswers(400, 503) },
    },
  }, async (request) => {
    if (request.validationError) throw invalid(request.validationError.message);
    const { nhsNumber } = request.params;
    const limit = limitOf(request.query.limit);
    return answer(request, await search.patientDocuments(nhsNumber, { limit, cursor: request.query.cursor }), nhsNumber);
  });
}

function searchQueryOf(request: FastifyRequest<{ Querystring: SearchQuerystring }>): SearchQuery {
  if (request.validationError) throw invalid(request.validationError.message);
  const { q, type, limit, ...filters } = request.query;
  return { ...filters, text: q, types: requestedDocumentTypes(type), limit: limitOf(limit) };
}

function limitOf(limit: string | undefined): number | undefined {
  return limit === undefined ? undefined : Number(limit);
}

/** The hits with links to each document, and the audit: how many, which documents, which patients. */
function answer(request: FastifyRequest, page: SearchPage, nhsNumber: string | undefined) {
  const hits = page.hits.map(withLinks);
  const patients = [...new Set(page.hits.map((hit) => hit.nhsNumber).filter((value): value is string => value !== null))];
  request.auditShown = page.hits.map((hit) => hit.documentId);
  request.auditDetails = { hits: hits.length, patientsShown: patients };
  // A search of one patient is about them, hits or none: the event names them and has them as its
  // subject. A search across patients names none (its subject would become every patient's), and
  // is found for each patient through the documents it showed.
  if (nhsNumber !== undefined) {
    request.auditPatient = compactNhsNumber(nhsNumber);
    request.auditSubject = request.auditPatient;
  }
  return { hits, nextCursor: page.nextCursor };
}

function withLinks(hit: SearchHit) {
  const document = `/v1/documents/${hit.documentId}`;
  return { ...hit, patientConfirmed: hit.nhsNumber !== null, links: { document, pdf: `${document}/pdf`, text: `${document}/text` } };
}

function invalid(message: string): RectoError {
  return new RectoError('INVALID_SEARCH_QUERY', message);
}
