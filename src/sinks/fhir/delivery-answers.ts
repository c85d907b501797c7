import { isOperationOutcome, operationOutcomeToString } from '@medplum/core';
import type { Bundle, BundleEntry, DocumentReference, Identifier } from '@medplum/fhirtypes';
import { RectoError } from '../../core/errors.ts';
import { describeAnswer, type FhirAnswer } from './fhir-connection.ts';

/**
 * What the FHIR server's answers mean for a delivery. The rule for errors: when in doubt,
 * retry. Delivery is idempotent (the sink looks for the document before sending it), so
 * retrying something that was in fact stored costs one search, while recording a refusal that
 * was only a hiccup would leave a document undelivered until a person noticed.
 */

/** 5xx, 429 and 408 are the server's trouble; 409 and 412 are a concurrent write to look again after. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408 || status === 409 || status === 412;
}

export function isSuccess(answer: FhirAnswer): answer is Extract<FhirAnswer, { reached: true }> {
  return answer.reached && answer.status >= 200 && answer.status < 300 && !hasErrorIssues(answer.body);
}

/** SINK_UNAVAILABLE (retried with backoff) or SINK_REJECTED (recorded), with the server's reason. */
export function deliveryError(answer: FhirAnswer, doing: string): RectoError {
  const message = `${doing}: ${describeAnswer(answer)}`;
  const cause = answer.reached ? undefined : answer.cause;
  if (!answer.reached || isRetryableStatus(answer.status)) return new RectoError('SINK_UNAVAILABLE', message, { cause });
  return new RectoError('SINK_REJECTED', message);
}

export interface StoredDocument {
  documentReferenceId: string;
  /** True when the server had it already (conditional create matched). */
  existed: boolean;
  binaryId?: string;
  binaryCreated: boolean;
}

/**
 * Reads a transaction-response Bundle: entries answer the request entries in order (Binary,
 * then DocumentReference). Returns undefined when the answer is not one, which the caller
 * treats as retryable: the transaction may or may not have been committed.
 */
export function readTransactionResponse(body: unknown): StoredDocument | undefined {
  const bundle = body as Bundle | undefined;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction-response' || bundle.entry?.length !== 2) return undefined;
  const [binaryEntry, documentEntry] = bundle.entry;
  const documentReferenceId = idFromEntry(documentEntry, 'DocumentReference');
  if (!documentReferenceId || ![200, 201].includes(statusCode(documentEntry))) return undefined;
  return {
    documentReferenceId,
    existed: statusCode(documentEntry) === 200,
    binaryId: idFromEntry(binaryEntry, 'Binary'),
    binaryCreated: statusCode(binaryEntry) === 201,
  };
}

/** Entries of a transaction-response that did not succeed, with their outcomes, for a rejection message. */
export function failedEntries(body: unknown): string[] {
  const bundle = body as Bundle | undefined;
  if (bundle?.resourceType !== 'Bundle') return [];
  return (bundle.entry ?? [])
    .filter((entry) => !String(entry.response?.status ?? '').startsWith('2'))
    .map((entry) => {
      const outcome = entry.response?.outcome;
      const reason = outcome && isOperationOutcome(outcome) ? `: ${operationOutcomeToString(outcome)}` : '';
      return `${entry.response?.status ?? 'no status'}${reason}`;
    });
}

/**
 * The DocumentReferences in a searchset that really carry the identifier: a server that
 * ignores a search parameter it does not support answers with everything, and taking any of
 * those for "already delivered" would lose the document.
 */
export function documentReferencesWithIdentifier(body: unknown, wanted: Identifier): DocumentReference[] | undefined {
  const bundle = body as Bundle | undefined;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') return undefined;
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is DocumentReference => resource?.resourceType === 'DocumentReference')
    .filter((reference) =>
      [reference.masterIdentifier, ...(reference.identifier ?? [])].some(
        (identifier) => identifier?.system === wanted.system && identifier?.value === wanted.value,
      ),
    );
}

function hasErrorIssues(body: unknown): boolean {
  return isOperationOutcome(body) && body.issue.some((issue) => issue.severity === 'error' || issue.severity === 'fatal');
}

function statusCode(entry: BundleEntry): number {
  return Number.parseInt(entry.response?.status ?? '', 10);
}

/** From `location` (relative or absolute, with or without `_history`), else from the returned resource. */
function idFromEntry(entry: BundleEntry, resourceType: string): string | undefined {
  const location = entry.response?.location ?? '';
  const match = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9.-]{1,64})(?:/|$)`).exec(location);
  if (match) return match[1];
  return entry.resource?.resourceType === resourceType ? entry.resource.id : undefined;
}
