import { Message } from 'node-hl7-client';

/**
 * What an ACK means for the delivery. HL7 v2 table 0008 defines the codes, but receivers use the
 * negative ones in two ways: the standard's original-mode text says AE is "an error in processing
 * the message" and AR a failure "for reasons unrelated to content or format" that the sender may
 * resend; interface engines such as Mirth (and node-hl7-server's docs) send AE for any processing
 * error, transient ones included, and AR for a message they will never take. So:
 *
 * - AA, CA                         → accepted.
 * - ERR-3 (or v2.4 ERR-1.4) = 205  → "duplicate key identifier": the receiver already holds this
 *                                    TXA-12, so the document is there (alreadyDelivered).
 * - ERR code 206, 207              → record locked / internal error: retry, whatever MSA-1 says.
 * - ERR code 100–204               → the message itself is wrong (segment, field, data type, table
 *                                    value, message type, version...): resending cannot help.
 * - otherwise AE, CE               → retry with backoff (SINK_UNAVAILABLE). Bounded retries cost
 *                                    only time if the error was really permanent; calling a
 *                                    transient error permanent would need a person to re-deliver.
 * - otherwise AR, CR               → permanent (SINK_REJECTED): the receiver refused the message.
 * - a reply that is not an ACK for this message (no MSA, another MSA-2) → retry.
 *
 * A receiver that is simply down refuses the connection or does not answer: that is a timeout,
 * retried, not an AR.
 */

export type AckVerdict = 'accepted' | 'duplicate' | 'retry' | 'reject';

export interface AckOutcome {
  verdict: AckVerdict;
  /** MSA-1, e.g. "AE"; "" when the reply had none. */
  code: string;
  /** A sentence for delivery records: the code, the error code and the receiver's own words. */
  description: string;
}

export function readAck(replyText: string, expectedControlId: string): AckOutcome {
  let reply: Message;
  try {
    reply = new Message({ text: replyText });
  } catch {
    return { verdict: 'retry', code: '', description: `the reply is not an HL7 message: ${replyText.slice(0, 120)}` };
  }
  const field = (path: string) => safeRead(reply, path);
  const code = field('MSA.1').toUpperCase();
  const answers = field('MSA.2');
  const errorCode = field('ERR.3.1') || field('ERR.1.4.1');
  const receiverText = [field('MSA.3'), field('ERR.8'), field('ERR.3.2')].filter(Boolean).join('; ');
  const description = [`ACK ${code || '(no MSA-1)'}`, errorCode && `error code ${errorCode}`, receiverText && `"${receiverText}"`]
    .filter(Boolean)
    .join(', ');

  if (code === '') return { verdict: 'retry', code, description: `${description}: the reply has no acknowledgment code` };
  if (answers !== expectedControlId) {
    return { verdict: 'retry', code, description: `${description}: it acknowledges message ${answers || '(none)'}, not ${expectedControlId}` };
  }
  if (code === 'AA' || code === 'CA') return { verdict: 'accepted', code, description };
  return { verdict: verdictForNegative(code, errorCode), code, description };
}

function verdictForNegative(code: string, errorCode: string): AckVerdict {
  if (errorCode === '205') return 'duplicate';
  if (errorCode === '206' || errorCode === '207') return 'retry';
  const numeric = Number(errorCode);
  if (errorCode !== '' && numeric >= 100 && numeric <= 204) return 'reject';
  if (code === 'AE' || code === 'CE') return 'retry';
  if (code === 'AR' || code === 'CR') return 'reject';
  // An unknown acknowledgment code: not an acceptance, and nothing says it is final.
  return 'retry';
}

function safeRead(message: Message, path: string): string {
  try {
    return message.get(path).toString().trim();
  } catch {
    return '';
  }
}
