import type { FastifyInstance } from 'fastify';
import type { AuthStore } from '../storage/auth-store.ts';
import type { Storage } from '../storage/storage.ts';
import { adminPage } from './admin-page.ts';
import { uploadPage } from './upload-page.ts';

/** The records staff's upload page and the admins' page; who may open each is in src/api/route-policies.ts. */
export function workPagesRoutes(app: FastifyInstance, { storage, auth }: { storage: Storage; auth: AuthStore }): void {
  app.get('/upload', { schema: { hide: true } }, async (request, reply) => {
    const { documents } = await storage.metadata.listDocuments({ limit: 25 });
    request.auditShown = documents.map((document) => document.id);
    return reply.type('text/html; charset=utf-8').send(uploadPage(documents, request.identity).value);
  });

  app.get('/admin', { schema: { hide: true } }, async (request, reply) => {
    const [users, tokens] = await Promise.all([auth.listUsers(), auth.listTokens()]);
    return reply.type('text/html; charset=utf-8').send(adminPage(users, tokens, request.identity).value);
  });
}
