import net from 'node:net';
import { Message } from 'node-hl7-client';
import { type Inbound, Server } from 'node-hl7-server';

/**
 * A real HL7 MLLP receiver (node-hl7-server) on 127.0.0.1 and a spare port, standing in for a
 * trust's interface engine. It records every message it receives, stores documents once per
 * TXA-12 (unique document number) the way receivers de-duplicate, and can be told how to answer
 * (AA, AE, AR, or not at all) or be taken down and brought back on the same port.
 */

export type AnswerMode = 'AA' | 'AE' | 'AR' | 'silent';

export interface ReceivedMessage {
  /** The message as the server parsed it, segments separated by \r. */
  text: string;
  controlId: string;
  /** TXA-12 as "entity^namespace". */
  documentNumber: string;
}

export class MllpTestServer {
  /** How the next messages are answered. */
  answer: AnswerMode = 'AA';
  /** Every message that arrived, repeats included. */
  readonly received: ReceivedMessage[] = [];
  /** What a de-duplicating receiver keeps: the first message for each TXA-12. */
  readonly documents = new Map<string, ReceivedMessage>();

  private readonly server = new Server({ bindAddress: '127.0.0.1' });
  private inbound: Inbound | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<MllpTestServer> {
    const server = new MllpTestServer(await sparePort());
    await server.up();
    return server;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** Starts listening (again) on the same port. */
  async up(): Promise<void> {
    if (this.inbound) return;
    // Right after down() the port can still be held for a moment; try again briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        this.inbound = await this.listen();
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** Stops listening and drops open connections: the receiver is "down". */
  async down(): Promise<void> {
    const inbound = this.inbound;
    this.inbound = null;
    if (inbound) await inbound.close();
  }

  private listen(): Promise<Inbound> {
    return new Promise((resolve, reject) => {
      const inbound = this.server.createInbound({ port: this.port }, async (request, response) => {
        const message = request.getMessage();
        const received: ReceivedMessage = {
          text: message.toString(),
          controlId: message.get('MSH.10').toString(),
          documentNumber: `${message.get('TXA.12.1').toString()}^${message.get('TXA.12.2').toString()}`,
        };
        this.received.push(received);
        if (this.answer === 'silent') return;
        if (this.answer === 'AA' && !this.documents.has(received.documentNumber)) this.documents.set(received.documentNumber, received);
        await response.sendResponse(this.answer);
      });
      inbound.once('listen', () => resolve(inbound));
      inbound.once('error', reject);
    });
  }
}

/** The message as our own parser reads it, for assertions on fields. */
export function parseReceived(received: ReceivedMessage): Message {
  return new Message({ text: received.text });
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
