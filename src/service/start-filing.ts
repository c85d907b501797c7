import type { Redis } from 'ioredis';
import { FilingQueues } from '../../queues/filing-queues.ts';
import type { QueueNames } from '../../queues/names.ts';
import type { FilingContext } from '../../workers/start-workers.ts';
import { asRectoError, RectoError } from '../core/errors.ts';
import type { DocumentTypeKey } from '../extract/extracted-fields.ts';
import { type ApprovalRecord, type ApprovalRequest, extractedFieldsOf, resolveApproval } from '../review/approval-patient.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import { rememberedPatients } from '../matching/remembered-patients.ts';
import { filingDecisions } from '../filing/filing-audit.ts';
import { openTrustServices } from '../filing/open-trust-services.ts';
import { refileDocument } from '../filing/refile-document.ts';
import { routeDocument } from '../stages/decide/route-document.ts';
import { loadTrustConfig } from '../filing/trust-config.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeliveryStore } from '../storage/delivery-store.ts';
import type { ReviewItem, ReviewStore } from '../review/review-store.ts';
import type { DocumentRecord, MetadataStore, Storage } from '../storage/storage.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { indexApprovedItem } from '../filing/index-filing-outcome.ts';
import type { ReindexSources } from '../filing/reindex-document.ts';
import { type ReindexSummary, repairOwedIndexEntries } from '../filing/reindex-documents.ts';

/** Log lines about a document whose search entry is owed start with this, for log alerting to match. */
export const SEARCH_INDEX_OWED_PREFIX = 'WARN search-index-owed';
/** A minute: an approved document is found under its patient soon after a blip in the index, without a busy loop on a broken one. */
const INDEX_REPAIR_EVERY_MS = 60_000;
/** Documents per repair round, so a long outage's backlog is worked through without one round holding the index for long. */
const REPAIRS_PER_ROUND = 100;

/** Filing as one process runs it: the workers' context and what the API needs to act on reviews and re-deliveries. */
export interface RunningFiling {
  context: FilingContext;
  /** Refuses (APPROVAL_INCOMPLETE) an approval that could not be filed, before it is recorded; else says what to record. */
  checkApproval(item: ReviewItem, request: ApprovalRequest): Promise<ApprovalRecord>;
  /** Queues delivery of an approved document to every record system its type is routed to, then indexes it under the approved patient. */
  deliverApproved(item: ReviewItem): Promise<void>;
  /** Queues a fresh delivery of a filed document to one sink; throws when the document was never filed. */
  redeliver(documentId: string, sink: string, request: { by: string; reason: string }): Promise<void>;
  /** Files again a document whose filing failed (src/filing/refile-document.ts); answers with it, filing pending. */
  refile(documentId: string, request: { by: string }): Promise<DocumentRecord>;
  /** The trust's patient index by NHS number: names the patient a document was filed to on status pages. */
  findPatient(nhsNumber: string): Promise<IndexedPatient | null>;
  /** Indexes the documents whose index entry is owed (an approval whose index write failed); the timer calls it too. */
  repairIndex(): Promise<ReindexSummary>;
  /** The trust's patient index itself: the candidates offered to a reviewer are looked up in it. */
  patientIndex: PatientIndex;
  close(): Promise<void>;
}

/**
 * Opens what the trust configuration (TRUST_CONFIG) describes: the patient index, the sinks
 * and the filing queues. A broken configuration or index export stops start-up with its error.
 * `filingRetries` replaces the file job's default tries (5, 1 s doubling); tests shorten them.
 */
export async function startFiling(
  configFile: string,
  shared: {
    review: ReviewStore;
    deliveries: DeliveryStore;
    audit: AuditLog;
    metadata: MetadataStore;
    /** The documents' sidecars and the search index an approval re-indexes the document in. */
    storage: Storage;
    search: SearchIndex;
    connection: Redis;
    names: QueueNames;
    log: (line: string) => void;
    filingRetries?: { attempts: number; backoffMs: number };
    /** How often owed index entries are repaired (INDEX_REPAIR_EVERY_MS); tests shorten it. */
    indexRepairEveryMs?: number;
  },
): Promise<RunningFiling> {
  const { config, warnings } = await loadTrustConfig(configFile);
  for (const warning of warnings) shared.log(`trust configuration: ${warning}\n`);
  const services = await openTrustServices(config);
  const queues = new FilingQueues(shared.connection, shared.names, shared.filingRetries);
  const context: FilingContext = { config, services, review: shared.review, deliveries: shared.deliveries, audit: shared.audit, queues };

  const sources: ReindexSources = { storage: shared.storage, search: shared.search, audit: shared.audit, review: shared.review, patientIndex: services.index };
  const repairEveryMs = shared.indexRepairEveryMs ?? INDEX_REPAIR_EVERY_MS;
  const owe = async (documentId: string, thrown: unknown) => {
    const error = asRectoError(thrown);
    shared.log(`${SEARCH_INDEX_OWED_PREFIX} id=${documentId} code=${error.code}: indexing the approved document failed (${error.message}); it will be indexed again within ${Math.round(repairEveryMs / 1000)} s\n`);
    // If even this write fails, the approval still stands; `recto search reindex` rebuilds every entry.
    await shared.metadata.markSearchStale(documentId).catch((markError: unknown) =>
      shared.log(`${SEARCH_INDEX_OWED_PREFIX} id=${documentId} could not be remembered (${asRectoError(markError).message}): run recto search reindex --document ${documentId}\n`),
    );
  };
  const repair = async () => {
    const summary = await repairOwedIndexEntries(sources, REPAIRS_PER_ROUND);
    for (const failed of summary.failed) shared.log(`${SEARCH_INDEX_OWED_PREFIX} id=${failed.documentId} code=${failed.code}: still not indexed (${failed.message}); trying again later\n`);
    return summary;
  };
  let repairing: Promise<unknown> = Promise.resolve();
  const repairTimer = setInterval(() => {
    repairing = repair().catch((error: unknown) => shared.log(`could not repair the search index: ${asRectoError(error).message}\n`));
  }, repairEveryMs);
  repairTimer.unref();

  // An item whose extraction gave no type (none stored) is routed as 'other', like an unrecognised letter.
  const approvedType = (item: ReviewItem): DocumentTypeKey =>
    (typeof item.corrections.documentType === 'string' ? item.corrections.documentType : (extractedFieldsOf(item)?.documentType?.key ?? 'other')) as DocumentTypeKey;

  return {
    context,
    checkApproval: (item, request) => resolveApproval(item, request, services.index),
    deliverApproved: async (item) => {
      for (const sink of routeDocument(config, approvedType(item))) {
        await queues.deliverDocument({ documentId: item.documentId, sink, reviewItemId: item.id, delivery: 1 });
      }
      // After the deliveries are queued: the approval is recorded, and what leaves for the record
      // systems must not be lost to a busy index. Nor does the reviewer get an error for what
      // they did: a failed index write is logged and remembered on the document, and the repair
      // timer below (or `recto search reindex`) indexes it under the approved patient later.
      // Until then the document is found by its words under no patient.
      try {
        await indexApprovedItem({ storage: shared.storage, search: shared.search, patientIndex: services.index }, item);
      } catch (thrown) {
        await owe(item.documentId, thrown);
      }
    },
    redeliver: async (documentId, sink, request) => {
      if (!services.sinks.has(sink)) throw new RectoError('BAD_REQUEST', `no sink named ${sink}; the trust configuration has ${[...services.sinks.keys()].join(', ')}`);
      const reviewItemId = await howFiled(shared.review, shared.audit, documentId);
      const earlier = (await shared.deliveries.listOf(documentId)).find((delivery) => delivery.sink === sink);
      await shared.audit.append({
        actor: request.by,
        action: 'document.redelivery-requested',
        subjectId: documentId,
        before: earlier ? { sink, status: earlier.status, attempts: earlier.attempts } : null,
        after: { sink, reason: request.reason },
      });
      // A new delivery number is a new job id, so this is a new try even after a finished one.
      await queues.deliverDocument({ documentId, sink, reviewItemId: reviewItemId ?? undefined, delivery: (earlier?.attempts ?? 0) + 2 });
    },
    findPatient: rememberedPatients(services.index),
    patientIndex: services.index,
    refile: (documentId, request) =>
      refileDocument({ metadata: shared.metadata, audit: shared.audit, documentId, by: request.by, queueFiling: (job) => queues.fileDocument(job) }),
    repairIndex: repair,
    close: async () => {
      clearInterval(repairTimer);
      await repairing;
      await queues.close();
      await services.close();
    },
  };
}

/** The approved review item a document was filed through, null when Recto filed it itself; throws when it was never filed. */
async function howFiled(review: ReviewStore, audit: AuditLog, documentId: string): Promise<string | null> {
  for (const decision of filingDecisions(await audit.trailOf(documentId))) {
    if (decision.kind === 'filed') return null;
    const item = await review.getItem(decision.reviewItemId);
    if (item?.status === 'approved') return item.id;
  }
  throw new RectoError('APPROVAL_INCOMPLETE', `document ${documentId} has not been filed (it is in review, rejected, or not yet read)`);
}
