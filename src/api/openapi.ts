import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { RECTO_VERSION } from '../core/version.ts';

export const OPENAPI_JSON_PATH = '/docs/json';

/**
 * The OpenAPI 3 document, generated from the route schemas, with Swagger UI at /docs and the
 * raw document at /docs/json for integrators' code generators. Must be registered before the
 * routes it describes.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Recto capture API',
        version: RECTO_VERSION,
        description:
          'Upload scanned paper records; get back searchable PDF/A, plain text and a JSON sidecar of every word with its box and confidence. Errors are RFC 9457 problem details with a stable `code` and a `hint`.',
      },
      // Every operation needs one of these, except health and sign-in; which roles each needs is in src/api/route-policies.ts.
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (`rt_…`) made by an admin: `recto token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'recto_session', description: 'The browser session set by POST /auth/sign-in or OIDC sign-in' },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
      tags: [
        { name: 'documents', description: 'Uploads and their outputs' },
        { name: 'review', description: 'Documents Recto would not file by itself, for a person to decide (reviewer role)' },
        { name: 'sign-in', description: 'Sessions for people; integrations send `Authorization: Bearer <API token>` instead' },
        { name: 'admin', description: 'Users and API tokens (admin role)' },
        { name: 'health', description: 'Liveness and readiness for orchestrators' },
      ],
    },
    // The upload is read as a stream (never buffered whole), so it has no body schema for
    // Fastify to validate; the multipart form is described here for the document alone.
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      const { openapiObject } = document;
      const upload = openapiObject.paths?.['/v1/documents']?.post;
      if (upload) {
        upload.requestBody = {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  source: { type: 'string', description: 'where the scan came from, e.g. "ward 7 scanner"' },
                  uploadedBy: { type: 'string' },
                  patientHint: { type: 'string', description: 'what the sender believes the patient is (never used to guess an identity)' },
                  file: { type: 'string', format: 'binary', description: 'PDF, TIFF, PNG or JPEG; the type is read from the bytes, not the name. Send text fields before it.' },
                },
              },
            },
          },
        };
      }
      return openapiObject;
    },
  });
  // Swagger UI's validator would send the API document to validator.swagger.io: off, whatever a later default says.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true }, validatorUrl: false });
}
