import { RectoError } from '../../core/errors.ts';
import type { DeliverableDocument, DeliveryReceipt, DocumentSink } from '../sink.ts';
import {
  deliveryError,
  documentReferencesWithIdentifier,
  failedEntries,
  isSuccess,
  readTransactionResponse,
} from './delivery-answers.ts';
import { buildDocumentBundle, documentReferenceQuery } from './document-bundle.ts';
import { askFhirServer } from './fhir-connection.ts';
import { type FhirSinkConfig, type FhirSinkOptions, parseFhirSinkConfig } from './fhir-sink-config.ts';

/**
 * Files a document in a FHIR R4 server as a UK Core DocumentReference plus a Binary holding
 * the PDF, in one transaction. Each delivery first asks whether the server already holds the
 * document (by masterIdentifier) and sends the transaction only when it does not; the
 * transaction's own conditional create covers a delivery that races past the question. So a
 * retry after a lost answer, a crash or a second approval finds the document and creates
 * nothing. Retrying is the caller's job (a queue job with backoff): this throws
 * SINK_UNAVAILABLE when trying again can help and SINK_REJECTED when it cannot.
 */
export class FhirDocumentSink implements DocumentSink {
  readonly name: string;
  private readonly config: FhirSinkConfig;

  constructor(options: FhirSinkOptions) {
    this.config = parseFhirSinkConfig(options);
    this.name = this.config.name;
  }

  async deliver(document: DeliverableDocument): Promise<DeliveryReceipt> {
    // Built (and checked) first: a document the server could never accept fails without a request.
    const bundle = buildDocumentBundle(document, this.config.documentIdentifierSystem);
    const already = await this.findDelivered(document.documentId);
    if (already) return already;

    const doing = `Delivering ${document.documentId} to ${this.config.baseUrl}`;
    const answer = await askFhirServer(this.config, { method: 'POST', path: '', body: bundle });
    if (!isSuccess(answer)) throw deliveryError(answer, doing);
    const stored = readTransactionResponse(answer.body);
    if (!stored) {
      const failed = failedEntries(answer.body);
      if (failed.length > 0) throw new RectoError('SINK_REJECTED', `${doing}: entries failed: ${failed.join('; ')}`);
      // Committed or not, we cannot tell; the next attempt's search will.
      throw new RectoError('SINK_UNAVAILABLE', `${doing}: the answer (${answer.status}) was not a transaction-response Bundle`);
    }
    return {
      sink: this.name,
      remoteId: stored.documentReferenceId,
      alreadyDelivered: stored.existed,
      detail: stored.existed
        ? raceDetail(stored.documentReferenceId, stored.binaryCreated ? stored.binaryId : undefined)
        : `Created DocumentReference/${stored.documentReferenceId} and Binary/${stored.binaryId ?? '?'}`,
    };
  }

  private async findDelivered(documentId: string): Promise<DeliveryReceipt | undefined> {
    const system = this.config.documentIdentifierSystem;
    const answer = await askFhirServer(this.config, {
      method: 'GET',
      path: `DocumentReference?${documentReferenceQuery(system, documentId)}`,
    });
    const doing = `Looking for ${documentId} on ${this.config.baseUrl}`;
    if (!isSuccess(answer)) throw deliveryError(answer, doing);
    const found = documentReferencesWithIdentifier(answer.body, { system, value: documentId });
    if (!found) throw new RectoError('SINK_UNAVAILABLE', `${doing}: the answer (${answer.status}) was not a searchset Bundle`);
    if (found.length === 0 || !found[0].id) return undefined;
    return {
      sink: this.name,
      remoteId: found[0].id,
      alreadyDelivered: true,
      detail:
        found.length === 1
          ? `DocumentReference/${found[0].id} already holds this document`
          : `${found.length} DocumentReferences hold this document (${found.map((reference) => reference.id).join(', ')}): the server has duplicates a person should remove`,
    };
  }
}

function raceDetail(documentReferenceId: string, strayBinaryId: string | undefined): string {
  const base = `DocumentReference/${documentReferenceId} was stored by a delivery running at the same time`;
  return strayBinaryId ? `${base}; Binary/${strayBinaryId} sent by this one is referenced by nothing and may be deleted` : base;
}
