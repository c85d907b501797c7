import type {} from '@fastify/swagger'; // adds tags and summary to route schemas
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RectoError } from '../../core/errors.ts';
import { isValidNhsNumber } from '../../core/nhs-number.ts';
import { type ApprovalRecord, type ApprovalRequest, resolveApproval } from '../approval-patient.ts';
import { documentText } from '../document-text.ts';
import { parseEnteredDate } from '../entered-date.ts';
import { findCandidates, lookupsFor } from '../review-candidates.ts';
import type { PatientIndex } from '../../matching/patient-index.ts';
import { cropFoundAt } from '../field-crop.ts';
import { wholePageImage } from '../../storage/page-image.ts';
import { locatedValues } from '../review-fields.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { DecisionRecord, ReviewItem, ReviewStatus, ReviewStore } from '../review-store.ts';
import type { JsonValue, Storage } from '../../storage/storage.ts';
import { problemAnswers } from '../../api/schemas.ts';
import { approveBody, candidateList, candidatesQuery, corrections as correctionsSchema, decisionBody, reviewItem, reviewList, reviewListQuery, reviewIdParams, auditTrail } from './review-schemas.ts';

/** An approval may carry the identity and written resolutions (approveBody); a rejection only a note. */
type ApproveBody = ({ note?: string } & ApprovalRequest) | null;

export interface ReviewRoutesOptions {
  storage: Storage;
  review: ReviewStore;
  /** The audit log, for each item's trail. */
  audit: AuditLog;
  /**
   * Checks an approval against the patient index before it is recorded, refusing (APPROVAL_INCOMPLETE)
   * one that could not be filed; answers with the identity and reason resolutions to record.
   * Without it (no filing configured) the identity is still required, but checked against no index.
   */
  checkApproval?: (item: ReviewItem, request: ApprovalRequest) => Promise<ApprovalRecord>;
  /** Called once an item is approved: files the document with the reviewer's corrections. */
  onApproved?: (item: ReviewItem) => Promise<void>;
  /** The trust's patient index, for the candidates a reviewer may choose from; none without filing configured. */
  patientIndex?: PatientIndex;
}

/** Dates typed the UK way (12/06/1939) become YYYY-MM-DD before they are stored or checked. */
function withEnteredDates<T extends { birthDate?: unknown; documentDate?: unknown }>(fields: T): T {
  const parsed = { ...fields };
  if (typeof fields.birthDate === 'string') parsed.birthDate = parseEnteredDate(fields.birthDate, 'birth');
  if (typeof fields.documentDate === 'string') parsed.documentDate = parseEnteredDate(fields.documentDate, 'document');
  return parsed;
}

/**
 * The review queue: documents Recto would not file by itself, each with why, the values it
 * read and a crop of the page where each was read; a reviewer claims one, corrects fields and
 * approves or rejects it. Every change is in the audit trail (who, when, before, after).
 */
export function reviewRoutes(app: FastifyInstance, { storage, review, audit, checkApproval, onApproved, patientIndex }: ReviewRoutesOptions): void {
  const tags = ['review'];
  // Who is acting comes from the verified session or token (src/api/authenticate.ts), never from a header.
  const actorOf = (request: FastifyRequest): string => {
    if (!request.identity) throw new RectoError('NOT_SIGNED_IN', 'sign in to act on the review queue');
    return request.identity.id;
  };
  const mustFind = async (id: string): Promise<ReviewItem> => {
    const item = await review.getItem(id);
    if (!item) throw new RectoError('REVIEW_ITEM_NOT_FOUND', `no review item ${id}`);
    return item;
  };
  const withFields = (item: ReviewItem) => ({
    ...item,
    fields: locatedValues(item.extracted).map((located) => ({ ...located, cropUrl: `/v1/review/${item.id}/crops/${located.path}` })),
  });
  const itemAnswer = { 200: reviewItem, ...problemAnswers(400, 404, 409, 422) };

  app.get<{ Querystring: { status?: ReviewStatus; limit: number; cursor?: string } }>('/v1/review', {
    schema: { tags, summary: 'The review queue, oldest first, a page at a time', querystring: reviewListQuery, response: { 200: reviewList, ...problemAnswers(400) } },
  }, async (request) => {
    const page = await review.listItems(request.query);
    request.auditShown = page.items.map((item) => item.id);
    return { ...page, items: page.items.map(withFields) };
  });

  app.get<{ Params: { id: string } }>('/v1/review/:id', {
    schema: { tags, summary: 'One item: its reasons, the values read (with crop links) and the corrections so far', params: reviewIdParams, response: itemAnswer },
  }, async (request) => withFields(await mustFind(request.params.id)));

  app.get<{ Params: { id: string; path: string } }>('/v1/review/:id/crops/:path', {
    schema: {
      tags,
      summary: 'PNG of the part of the page where a value was read (path as listed in `fields`, e.g. nhsNumbers.0)',
      produces: ['image/png'],
      response: { 200: { description: 'image/png', type: 'string', format: 'binary' }, ...problemAnswers(404, 409) },
    },
  }, async (request, reply) => {
    const item = await mustFind(request.params.id);
    const located = locatedValues(item.extracted).find((candidate) => candidate.path === request.params.path);
    if (!located) throw new RectoError('REVIEW_ITEM_NOT_FOUND', `review item ${item.id} has no value at ${request.params.path}`);
    return reply.type('image/png').send(await cropFoundAt(storage, item.documentId, located.foundAt));
  });

  app.get<{ Params: { id: string; page: number } }>('/v1/review/:id/pages/:page', {
    schema: {
      tags,
      summary: "The whole cleaned page (WebP, at most 1600 px wide) where the item's values were read; page numbers count from 0",
      params: { type: 'object', properties: { id: { type: 'string' }, page: { type: 'integer', minimum: 0, maximum: 9999 } }, required: ['id', 'page'] },
      produces: ['image/webp'],
      response: { 200: { description: 'image/webp', type: 'string', format: 'binary' }, ...problemAnswers(400, 404, 409) },
    },
  }, async (request, reply) => {
    const item = await mustFind(request.params.id);
    // Only the pages the item's values were read on: the review item is the reviewer's reason to see them.
    if (!locatedValues(item.extracted).some((located) => located.foundAt.page === request.params.page)) {
      throw new RectoError('REVIEW_ITEM_NOT_FOUND', `review item ${item.id} has no value read on page ${request.params.page + 1}`);
    }
    return reply.type('image/webp').send(await wholePageImage(storage, item.documentId, request.params.page));
  });

  app.get<{ Params: { id: string }; Querystring: { mrn?: string; family?: string; birthDate?: string } }>('/v1/review/:id/candidates', {
    schema: {
      tags,
      summary:
        'Patients from the index the item may belong to: by each hospital number and by the family name and date of birth read on the page, and by `mrn` or `family` with `birthDate` searched for. Each says how it was found and which of its identifiers the page shows',
      params: reviewIdParams,
      querystring: candidatesQuery,
      response: { 200: candidateList, ...problemAnswers(400, 404, 503) },
    },
  }, async (request) => {
    const item = await mustFind(request.params.id);
    const { mrn, family, birthDate } = request.query;
    if ((family === undefined) !== (birthDate === undefined)) {
      throw new RectoError('BAD_REQUEST', 'search by family name and date of birth together: either alone would list too many people');
    }
    if (!patientIndex) return { candidates: [], reason: 'no patient index is configured (no trust configuration), so there is nobody to suggest: type the identity from the page' };
    const lookups = lookupsFor(item, { mrn, family, birthDate: birthDate === undefined ? undefined : parseEnteredDate(birthDate, 'birth') });
    if (lookups.mrns.length === 0 && lookups.namesAndBirthDates.length === 0) {
      return { candidates: [], reason: 'the page shows no hospital number, nor a family name with a date of birth: search by what you read on the page' };
    }
    const candidates = await findCandidates(patientIndex, lookups, await documentText(storage, item.documentId));
    // Like a search: the event names every patient the answer showed.
    request.auditDetails = { candidates: candidates.length, patientsShown: candidates.map((candidate) => candidate.nhsNumber) };
    return { candidates };
  });

  app.post<{ Params: { id: string } }>('/v1/review/:id/claim', {
    schema: { tags, summary: 'Take an item to work on (409 if someone else has it)', params: reviewIdParams, response: itemAnswer },
  }, async (request) => withFields(await review.claim(request.params.id, actorOf(request))));

  app.post<{ Params: { id: string } }>('/v1/review/:id/release', {
    schema: { tags, summary: 'Give a claimed item back to the queue', params: reviewIdParams, response: itemAnswer },
  }, async (request) => withFields(await review.release(request.params.id, actorOf(request))));

  app.patch<{ Params: { id: string }; Body: { corrections: Record<string, JsonValue> } }>('/v1/review/:id/fields', {
    schema: { tags, summary: 'Correct fields (null removes a correction); only the claimant can', params: reviewIdParams, body: correctionsSchema, response: itemAnswer },
  }, async (request) => {
    const actor = actorOf(request);
    const nhsNumber = request.body.corrections.nhsNumber;
    if (typeof nhsNumber === 'string' && !isValidNhsNumber(nhsNumber)) {
      throw new RectoError('BAD_REQUEST', `${nhsNumber} is not a valid NHS number (the modulus 11 check fails)`);
    }
    return withFields(await review.correct(request.params.id, actor, withEnteredDates(request.body.corrections)));
  });

  /**
   * The claimant's approval is checked before it is recorded (anyone else gets the store's 409):
   * the identity they give and how each review reason is resolved go into the approval event.
   */
  const checkedApproval = async (request: FastifyRequest<{ Params: { id: string }; Body: ApproveBody }>): Promise<DecisionRecord | undefined> => {
    const current = await mustFind(request.params.id);
    if (current.status !== 'claimed' || current.claimedBy !== actorOf(request)) return undefined;
    const { resolutions } = request.body ?? {};
    const identity = request.body?.identity && withEnteredDates(request.body.identity);
    const check = checkApproval ?? ((item: ReviewItem, asked: ApprovalRequest) => resolveApproval(item, asked, undefined));
    // Only a candidate's click needs the page's text: it is checked against what the page shows.
    const pageText = identity?.source === 'candidate' ? await documentText(storage, current.documentId) : undefined;
    const approval = await check(current, { identity, resolutions, pageText });
    return { corrections: approval.corrections, resolutions: approval.resolutions as unknown as JsonValue, patientNhsNumber: approval.patientNhsNumber };
  };

  for (const decision of ['approve', 'reject'] as const) {
    app.post<{ Params: { id: string }; Body: ApproveBody }>(`/v1/review/:id/${decision}`, {
      schema: {
        tags,
        summary:
          decision === 'approve'
            ? "Approve: the document is filed with the corrections, once the patient's NHS number, names and date of birth are given and agree with the index"
            : 'Reject: the document is not filed (say why in `note`)',
        params: reviewIdParams,
        body: decision === 'approve' ? approveBody : decisionBody,
        response: itemAnswer,
      },
    }, async (request) => {
      const approval = decision === 'approve' ? await checkedApproval(request) : undefined;
      const item = await review.decide(request.params.id, actorOf(request), decision === 'approve' ? 'approved' : 'rejected', request.body?.note, approval);
      if (item.status === 'approved') await onApproved?.(item);
      return withFields(item);
    });
  }

  app.get<{ Params: { id: string } }>('/v1/review/:id/audit', {
    schema: { tags, summary: 'Every change to the item: who, when, before, after', params: reviewIdParams, response: { 200: auditTrail, ...problemAnswers(404) } },
  }, async (request) => {
    const item = await mustFind(request.params.id);
    return { events: await audit.trailOf(item.id) };
  });
}
