import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../audit/audit-log.ts';
import { isValidNhsNumber } from '../../core/nhs-number.ts';
import { RectoError } from '../../core/errors.ts';
import { problemAnswers } from '../schemas.ts';

const range = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', format: 'date-time', description: 'events at or after this time' },
    to: { type: 'string', format: 'date-time', description: 'events before this time' },
  },
} as const;

/**
 * The audit trail for admins: the CSV export (streamed, every cell safe to open in a
 * spreadsheet), the chain check, and who has viewed one patient's documents (a patient may ask).
 * Each of these calls is itself audited by the access-control hook.
 */
export function auditAdminRoutes(app: FastifyInstance, { audit }: { audit: AuditLog }): void {
  const tags = ['admin'];

  app.get<{ Querystring: { from?: string; to?: string } }>('/v1/admin/audit.csv', {
    schema: { tags, summary: 'The audit trail as CSV, oldest first', querystring: range, produces: ['text/csv'] },
  }, async (request, reply) => {
    const out = new PassThrough();
    const { from, to } = request.query;
    audit.exportCsv(out, { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined }).then(
      () => out.end(),
      (error: unknown) => out.destroy(error as Error),
    );
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="recto-audit.csv"').send(out);
  });

  app.get('/v1/admin/audit/verify', {
    schema: { tags, summary: 'Walk the hash chain: every edited, deleted, replaced or inserted event named (recto audit verify does the same)' },
  }, async () => audit.verify());

  app.get<{ Params: { nhsNumber: string } }>('/v1/admin/patients/:nhsNumber/viewers', {
    schema: {
      tags,
      summary: "Every view or download of one patient's documents and review items: who, when, from where",
      params: { type: 'object', properties: { nhsNumber: { type: 'string' } }, required: ['nhsNumber'] },
      response: { ...problemAnswers(400) },
    },
  }, async (request) => {
    const nhsNumber = request.params.nhsNumber.replace(/[\s-]/g, '');
    if (!isValidNhsNumber(nhsNumber)) throw new RectoError('BAD_REQUEST', `${request.params.nhsNumber} is not a valid NHS number (the modulus 11 check fails)`);
    return { nhsNumber, accesses: await audit.viewersOfPatient(nhsNumber) };
  });
}
