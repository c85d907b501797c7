import net from 'node:net';
import { MLLPCodec } from 'node-hl7-client';
import { RectoError } from '../../core/errors.ts';

/**
 * Sends one HL7 message over MLLP on a fresh TCP connection and returns the peer's reply (the
 * ACK) as text. Framing and de-framing are node-hl7-client's MLLPCodec; the connection itself is
 * ours, because node-hl7-client's Connection does not fit a delivery that must end in exactly
 * one of "acknowledged" or "failed, nothing will be sent later":
 *
 * - a message given to it while disconnected is queued in memory and sent whenever the
 *   connection comes back, i.e. after Recto has reported the delivery failed and scheduled its
 *   own retry (a ghost duplicate);
 * - with the default settings a refused connection raises no event at all;
 * - ACKs arrive on one callback per connection, with no per-message wait or deadline.
 *
 * One connection per message also suits node-hl7-server 2.5 receivers, which re-process the
 * earlier messages of a connection when a second one arrives on it.
 */

export interface MllpPeer {
  host: string;
  port: number;
  connectTimeoutMs: number;
  /** From writing the message to receiving the complete reply. */
  ackTimeoutMs: number;
}

export async function exchangeOverMllp(peer: MllpPeer, message: string): Promise<string> {
  const where = `${peer.host}:${peer.port}`;
  const unavailable = (reason: string, cause?: unknown) =>
    new RectoError('SINK_UNAVAILABLE', `HL7 peer ${where}: ${reason}`, cause ? { cause } : undefined);

  return new Promise<string>((resolve, reject) => {
    const codec = new MLLPCodec('utf-8');
    const socket = net.connect({ host: peer.host, port: peer.port });
    let settled = false;
    let deadline = setTimeout(() => finish(unavailable(`no connection within ${peer.connectTimeoutMs} ms`)), peer.connectTimeoutMs);

    function finish(error: RectoError | null, reply?: string): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply as string);
    }

    socket.once('connect', () => {
      clearTimeout(deadline);
      deadline = setTimeout(() => finish(unavailable(`no ACK within ${peer.ackTimeoutMs} ms`)), peer.ackTimeoutMs);
      codec.sendMessage(socket, message, 'utf-8');
    });
    socket.on('data', (chunk: Buffer) => {
      if (codec.receiveData(chunk)) finish(null, codec.getLastMessage() ?? '');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish(unavailable(error.code ?? error.message, error)));
    socket.once('close', () => finish(unavailable('the connection closed before an ACK arrived')));
  });
}
