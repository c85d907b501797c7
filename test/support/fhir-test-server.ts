import { randomUUID } from 'node:crypto';
import { getSearchParameter, matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { fhirIssues, loadFhirDefinitions } from './fhir-validation.ts';

/**
 * A small FHIR R4 server on loopback for integration tests: it keeps resources in memory,
 * validates every resource it is sent with the real (Medplum) validator, runs transactions
 * all-or-nothing, honours conditional create (`ifNoneExist`: no match creates, one match
 * answers 200 with the existing resource, more answer 412), and searches with the base
 * specification's SearchParameters, so `identifier` on DocumentReference covers
 * masterIdentifier as R4 says. Unknown search parameters are refused (400), as a strict
 * server does, so a typo in a query fails the test instead of matching everything.
 *
 * Faults on demand: answer the next N requests with 503 (or any status), answer the next
 * transaction with an OperationOutcome, commit a transaction but never answer it (a lost answer),
 * stop listening (connection refused) and start again on the same port with the same data.
 */
export interface FhirTestServer {
  /** The FHIR base, below a path (`/fhir`) so clients that drop the path are caught. */
  readonly baseUrl: string;
  /** Resources of one type, as stored (ids assigned, references resolved). */
  stored<T extends Resource>(resourceType: T['resourceType']): T[];
  /** Stores a resource directly (test data such as Patients); returns it with its id. */
  add<T extends Resource>(resource: T): T & { id: string };
  failNextRequests(count: number, status?: number): void;
  rejectNextTransaction(status: number, outcome: OperationOutcome): void;
  /** The next transaction is committed but never answered (the client gives up: a lost answer). */
  loseNextTransactionAnswer(): void;
  /** When true, searches ignore their criteria and answer with every resource of the type. */
  ignoreSearchCriteria: boolean;
  /** Method and path of every request received, in order. */
  readonly requests: Array<{ method: string; url: string; authorization?: string }>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

interface Fault {
  failures: { left: number; status: number };
  rejection?: { status: number; outcome: OperationOutcome };
  loseAnswer?: boolean;
}

export async function startFhirTestServer(options: { bearerToken?: string } = {}): Promise<FhirTestServer> {
  loadFhirDefinitions();
  const store = new Map<string, Resource & { id: string }>();
  const fault: Fault = { failures: { left: 0, status: 503 } };
  const requests: FhirTestServer['requests'] = [];
  let app: FastifyInstance | undefined;
  let port = 0;

  const server: FhirTestServer = {
    baseUrl: '',
    ignoreSearchCriteria: false,
    requests,
    stored: <T extends Resource>(type: T['resourceType']) =>
      [...store.values()].filter((resource) => resource.resourceType === type) as unknown as T[],
    add: (resource) => {
      const stored = { ...resource, id: resource.id ?? randomUUID() };
      store.set(`${stored.resourceType}/${stored.id}`, stored);
      return stored;
    },
    failNextRequests: (count, status = 503) => {
      fault.failures = { left: count, status };
    },
    rejectNextTransaction: (status, outcome) => {
      fault.rejection = { status, outcome };
    },
    loseNextTransactionAnswer: () => {
      fault.loseAnswer = true;
    },
    stop: async () => {
      await app?.close();
      app = undefined;
    },
    restart: async () => {
      if (app) await server.stop();
      app = buildApp();
      await app.listen({ host: '127.0.0.1', port });
    },
  };

  function buildApp(): FastifyInstance {
    const instance = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true });
    instance.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    instance.addHook('onRequest', async (request, reply) => {
      requests.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
      if (fault.failures.left > 0) {
        fault.failures.left -= 1;
        return send(reply, fault.failures.status, outcome('transient', 'The server is busy (injected fault)'));
      }
      if (options.bearerToken && request.headers.authorization !== `Bearer ${options.bearerToken}`) {
        return send(reply, 401, outcome('login', 'Missing or wrong bearer token'));
      }
    });
    instance.post('/fhir', async (request, reply) => {
      const rejection = fault.rejection;
      fault.rejection = undefined;
      if (rejection) return send(reply, rejection.status, rejection.outcome);
      const { status, body } = runTransaction(request.body as Bundle);
      if (fault.loseAnswer) {
        fault.loseAnswer = false;
        // Stored, but the client hears nothing until it gives up and closes the connection.
        await new Promise((resolve) => request.raw.socket.once('close', resolve));
        return reply.hijack();
      }
      return send(reply, status, body);
    });
    instance.get('/fhir/:type', async (request, reply) => {
      const { type } = request.params as { type: string };
      const query = request.url.slice(request.url.indexOf('?') + 1);
      return send(reply, ...search(type, request.url.includes('?') ? query : ''));
    });
    instance.get('/fhir/:type/:id', async (request, reply) => {
      const { type, id } = request.params as { type: string; id: string };
      const resource = store.get(`${type}/${id}`);
      return resource ? send(reply, 200, resource) : send(reply, 404, outcome('not-found', `${type}/${id} is not here`));
    });
    return instance;
  }

  function search(type: string, query: string): [number, Bundle | OperationOutcome] {
    const request = parseSearchRequest(`${type}?${query}`);
    const unknown = (request.filters ?? []).filter((filter) => !getSearchParameter(type, filter.code));
    if (unknown.length > 0) return [400, outcome('not-supported', `Unknown search parameter(s): ${unknown.map((f) => f.code).join(', ')}`)];
    const matches = [...store.values()].filter(
      (resource) => resource.resourceType === type && (server.ignoreSearchCriteria || matchesSearchRequest(resource, request)),
    );
    const count = request.count ?? 20;
    return [
      200,
      {
        resourceType: 'Bundle',
        type: 'searchset',
        total: matches.length,
        ...(matches.length > count ? { link: [{ relation: 'next', url: `${server.baseUrl}/${type}?${query}&_offset=${count}` }] } : {}),
        entry: matches.slice(0, count).map((resource) => ({
          fullUrl: `${server.baseUrl}/${type}/${resource.id}`,
          resource,
          search: { mode: 'match' },
        })),
      },
    ];
  }

  /** All-or-nothing: everything is checked and planned before anything is stored. */
  function runTransaction(bundle: Bundle): { status: number; body: Bundle | OperationOutcome } {
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
      return { status: 400, body: outcome('invalid', 'Expected a transaction Bundle') };
    }
    const entries = bundle.entry ?? [];
    const invalid = entries.flatMap((entry, index) =>
      entry.resource
        ? fhirIssues(entry.resource)
            .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
            .map((issue) => `entry[${index}] ${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.diagnostics}`)
        : [`entry[${index}] has no resource`],
    );
    if (invalid.length > 0) return { status: 400, body: outcome('invalid', invalid.join('; ')) };
    if (entries.some((entry) => entry.request?.method !== 'POST')) {
      return { status: 400, body: outcome('not-supported', 'This test server runs POST entries only') };
    }
    const plan: Array<{ entry: BundleEntry; id: string; existing: boolean }> = [];
    for (const entry of entries) {
      const type = entry.resource?.resourceType as string;
      const found = entry.request?.ifNoneExist ? searchAll(type, entry.request.ifNoneExist) : [];
      if (!Array.isArray(found)) return { status: 400, body: found };
      const matches = found;
      if (matches.length > 1) return { status: 412, body: outcome('multiple-matches', `ifNoneExist matched ${matches.length} ${type}s`) };
      plan.push({ entry, id: matches[0]?.id ?? randomUUID(), existing: matches.length === 1 });
    }
    const references = new Map(plan.map(({ entry, id }) => [entry.fullUrl, `${entry.resource?.resourceType}/${id}`]));
    for (const { entry, id, existing } of plan) {
      if (existing) continue;
      const resolved = resolveFullUrls(entry.resource as Resource, references);
      store.set(`${resolved.resourceType}/${id}`, { ...resolved, id, meta: { ...resolved.meta, versionId: '1', lastUpdated: new Date().toISOString() } });
    }
    return {
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: plan.map(({ entry, id, existing }) => ({
          response: existing
            ? { status: '200 OK', location: `${entry.resource?.resourceType}/${id}` }
            : { status: '201 Created', location: `${entry.resource?.resourceType}/${id}/_history/1`, etag: 'W/"1"' },
        })),
      },
    };
  }

  /** Every match, or the OperationOutcome refusing the search. */
  function searchAll(type: string, query: string): Array<Resource & { id: string }> | OperationOutcome {
    const [, body] = search(type, `${query}&_count=1000`);
    return body.resourceType === 'Bundle' ? (body.entry ?? []).map((entry) => entry.resource as Resource & { id: string }) : body;
  }

  await server.restart();
  const address = app?.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  Object.assign(server, { baseUrl: `http://127.0.0.1:${port}/fhir` });
  return server;
}

/** Replaces every `urn:uuid:` placeholder of the transaction with the stored resource's Type/id. */
function resolveFullUrls(resource: Resource, references: Map<string | undefined, string>): Resource {
  return JSON.parse(JSON.stringify(resource), (_key, value) =>
    typeof value === 'string' && references.has(value) ? references.get(value) : value,
  );
}

function outcome(code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', diagnostics }] };
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/fhir+json').send(JSON.stringify(body));
}
