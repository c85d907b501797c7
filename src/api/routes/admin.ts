import type { FastifyInstance } from 'fastify';
import { addUser, changeUser, createApiToken } from '../../auth/accounts.ts';
import { ROLES, type Role } from '../../auth/roles.ts';
import type { AuthStore } from '../../storage/auth-store.ts';
import { problemAnswers } from '../schemas.ts';

const roles = { type: 'array', items: { type: 'string', enum: [...ROLES] }, minItems: 1, uniqueItems: true } as const;
const user = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    hasPassword: { type: 'boolean' },
    failedAttempts: { type: 'integer' },
    lockedUntil: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;
const token = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
    lastUsedAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
    revokedBy: { type: ['string', 'null'] },
  },
} as const;

/** Users and API tokens, for admins. Every call is audited by the access-control hook. */
export function adminRoutes(app: FastifyInstance, { auth }: { auth: AuthStore }): void {
  const tags = ['admin'];

  app.get('/v1/admin/users', { schema: { tags, summary: 'Local user accounts', response: { 200: { type: 'object', properties: { users: { type: 'array', items: user } } } } } }, async () => ({
    users: await auth.listUsers(),
  }));

  app.post<{ Body: { name: string; displayName?: string; roles: Role[]; password: string } }>('/v1/admin/users', {
    schema: {
      tags,
      summary: 'Create a local account',
      body: {
        type: 'object',
        required: ['name', 'roles', 'password'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, displayName: { type: 'string', maxLength: 100 }, roles, password: { type: 'string', maxLength: 1000 } },
      },
      response: { 201: user, ...problemAnswers(400, 409) },
    },
  }, async (request, reply) => {
    const created = await addUser(auth, request.body);
    request.auditSubject = `user:${created.name}`;
    return reply.code(201).send(created);
  });

  app.patch<{ Params: { name: string }; Body: { roles?: Role[]; disabled?: boolean; displayName?: string; password?: string } }>('/v1/admin/users/:name', {
    schema: {
      tags,
      summary: 'Change roles, disable, rename or set a new password (which also lifts a lockout); the user\'s sessions end',
      params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { roles, disabled: { type: 'boolean' }, displayName: { type: 'string', maxLength: 100 }, password: { type: 'string', maxLength: 1000 } },
      },
      response: { 200: user, ...problemAnswers(400, 404) },
    },
  }, async (request) => {
    request.auditSubject = `user:${request.params.name}`;
    return changeUser(auth, request.params.name, request.body);
  });

  app.get('/v1/admin/tokens', { schema: { tags, summary: 'API tokens (never their secrets)', response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: token } } } } } }, async () => ({
    tokens: await auth.listTokens(),
  }));

  app.post<{ Body: { name: string; roles: Role[] } }>('/v1/admin/tokens', {
    schema: {
      tags,
      summary: 'Create an API token for an integration or scanner: the token is in this answer only, store it now',
      body: { type: 'object', required: ['name', 'roles'], additionalProperties: false, properties: { name: { type: 'string' }, roles } },
      response: { 201: { type: 'object', properties: { token: { type: 'string' }, record: token } }, ...problemAnswers(400) },
    },
  }, async (request, reply) => {
    const created = await createApiToken(auth, { ...request.body, createdBy: request.identity!.id });
    request.auditSubject = `token:${created.record.id}`;
    return reply.code(201).send(created);
  });

  app.post<{ Params: { id: string } }>('/v1/admin/tokens/:id/revoke', {
    schema: { tags, summary: 'Revoke a token: it stops working at once', params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, response: { 200: token, ...problemAnswers(404) } },
  }, async (request) => {
    request.auditSubject = `token:${request.params.id}`;
    return auth.revokeToken(request.params.id, request.identity!.id);
  });
}
