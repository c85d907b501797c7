import { RectoError } from '../../core/errors.ts';
import type { DeliverableDocument, DeliveryReceipt, DocumentSink } from '../sink.ts';
import { readAck } from './ack-outcome.ts';
import { parseHl7SinkConfig, type Hl7SinkConfigInput } from './hl7-sink-config.ts';
import { buildMdmT02 } from './mdm-message.ts';
import { exchangeOverMllp } from './mllp-exchange.ts';

/**
 * Delivers filed documents to a trust's interface engine as HL7 v2 MDM^T02 over MLLP and waits
 * for the ACK (mapping in ack-outcome.ts). Each delivery is one connection and one message;
 * retries are the caller's (the queue's backoff), never hidden inside the sink, so a failure
 * reported here is final for this attempt and nothing is sent later behind the caller's back.
 */
export function createHl7Sink(input: Hl7SinkConfigInput, clock: { now: () => Date } = { now: () => new Date() }): DocumentSink {
  const config = parseHl7SinkConfig(input);
  const peer = { host: config.host, port: config.port, connectTimeoutMs: config.connectTimeoutMs, ackTimeoutMs: config.ackTimeoutMs };

  return {
    name: config.name,
    async deliver(document: DeliverableDocument): Promise<DeliveryReceipt> {
      const message = buildMdmT02(document, config, clock.now());
      const reply = await exchangeOverMllp(peer, message.text);
      const ack = readAck(reply, message.controlId);
      const about = `document ${document.documentId} (MSH-10 ${message.controlId}) to ${config.host}:${config.port}`;
      switch (ack.verdict) {
        case 'accepted':
        case 'duplicate':
          return {
            sink: config.name,
            remoteId: message.controlId,
            alreadyDelivered: ack.verdict === 'duplicate',
            detail: `${ack.description}; TXA-12 ${message.documentNumber}^${config.sendingApplication}`,
          };
        case 'retry':
          throw new RectoError('SINK_UNAVAILABLE', `HL7 delivery of ${about} not accepted: ${ack.description}`);
        case 'reject':
          throw new RectoError('SINK_REJECTED', `HL7 delivery of ${about} refused: ${ack.description}`);
      }
    },
  };
}
