import type {} from '@fastify/swagger'; // adds tags and summary to route schemas
import type { FastifyInstance } from 'fastify';
import { RectoError } from '../../core/errors.ts';
import type { DeliveryStore } from '../../storage/delivery-store.ts';
import type { Storage } from '../../storage/storage.ts';
import { nullable, problemAnswers } from '../schemas.ts';

const delivery = {
  type: 'object',
  properties: {
    sink: { type: 'string' },
    status: {
      type: 'string',
      enum: ['pending', 'retrying', 'delivered', 'failed'],
      description: 'pending: being tried; retrying: the last try failed and another is queued at nextAttemptAt; delivered; failed: refused for good or out of tries, re-deliver with POST',
    },
    attempts: { type: 'integer', description: 'tries that ended (retrying, delivered or failed)' },
    receipt: nullable({ type: 'object', additionalProperties: true }),
    error: { ...nullable({ type: 'object', additionalProperties: true }), description: 'the typed error of the last failed try (retrying or failed)' },
    updatedAt: { type: 'string', format: 'date-time' },
    nextAttemptAt: { ...nullable({ type: 'string', format: 'date-time' }), description: 'when retrying: when the next try is due; null otherwise' },
  },
  required: ['sink', 'status', 'attempts', 'receipt', 'error', 'updatedAt', 'nextAttemptAt'],
} as const;
const params = { type: 'object', properties: { id: { type: 'string' }, sink: { type: 'string' } }, required: ['id'] } as const;

/** Where a filed document went: one record per record system, and re-delivery on request. */
export function deliveryRoutes(
  app: FastifyInstance,
  { storage, deliveries, redeliver }: { storage: Storage; deliveries: DeliveryStore; redeliver?: (documentId: string, sink: string, request: { by: string; reason: string }) => Promise<void> },
): void {
  const tags = ['documents'];
  const mustExist = async (id: string) => {
    if (!(await storage.metadata.getDocument(id))) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${id}`);
  };

  app.get<{ Params: { id: string } }>('/v1/documents/:id/deliveries', {
    schema: { tags, summary: 'Deliveries of the document to record systems: status, tries, receipt or error', params, response: { 200: { type: 'object', properties: { deliveries: { type: 'array', items: delivery } } }, ...problemAnswers(404) } },
  }, async (request) => {
    await mustExist(request.params.id);
    return { deliveries: await deliveries.listOf(request.params.id) };
  });

  app.post<{ Params: { id: string; sink: string }; Body: { reason: string } }>('/v1/documents/:id/deliveries/:sink', {
    schema: {
      tags,
      summary: 'Deliver the filed document to this record system again (e.g. after the receiving system lost it); admins only, with the reason, both audited',
      params,
      body: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: { reason: { type: 'string', minLength: 5, maxLength: 500, description: 'why it is sent again, e.g. the ticket of the receiving system\'s loss' } },
      },
      response: { 202: { type: 'object', properties: { id: { type: 'string' }, sink: { type: 'string' } } }, ...problemAnswers(400, 404, 409, 422) },
    },
  }, async (request, reply) => {
    if (!redeliver) throw new RectoError('FILING_NOT_CONFIGURED', 'filing is not configured (TRUST_CONFIG), so there is nowhere to deliver to');
    await mustExist(request.params.id);
    await redeliver(request.params.id, request.params.sink, { by: request.identity!.id, reason: request.body.reason });
    return reply.code(202).send({ id: request.params.id, sink: request.params.sink });
  });
}
