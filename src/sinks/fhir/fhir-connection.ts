import { isOperationOutcome, operationOutcomeToString } from '@medplum/core';
import { z } from 'zod';

/**
 * How Recto reaches a FHIR R4 server: the document sink and the FHIR patient index share it.
 * Every call answers with what happened on the wire (reached or not, status, parsed body), and
 * each caller decides what that means for it: a sink and a patient index map the same 503 to
 * different error codes.
 */
export const FhirConnectionSchema = z.object({
  /** The FHIR base URL, e.g. https://fhir.trust.example/R4; resource paths are resolved below it. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Sent as `Authorization: Bearer …` when set. Getting and refreshing it is the deployment's job. */
  bearerToken: z.string().min(1).optional(),
  /** For the whole exchange, body included: a server that stops answering must not hold a worker. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});

export type FhirConnection = z.infer<typeof FhirConnectionSchema>;

export type FhirAnswer =
  | { reached: true; status: number; statusText: string; body: unknown }
  | { reached: false; reason: string; cause: unknown };

export interface FhirRequest {
  method: 'GET' | 'POST';
  /** Relative to the base: '' for a transaction, 'Patient?identifier=…' for a search. */
  path: string;
  body?: unknown;
}

export async function askFhirServer(connection: FhirConnection, request: FhirRequest): Promise<FhirAnswer> {
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (request.body !== undefined) {
    headers['content-type'] = 'application/fhir+json';
    // The answer needs only the locations; without this a server may echo the whole PDF back.
    headers.prefer = 'return=minimal';
  }
  if (connection.bearerToken) headers.authorization = `Bearer ${connection.bearerToken}`;
  try {
    const response = await fetch(resolveBelowBase(connection.baseUrl, request.path), {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(connection.timeoutMs),
    });
    const text = await response.text();
    return { reached: true, status: response.status, statusText: response.statusText, body: parseJsonOrText(text) };
  } catch (error) {
    return { reached: false, reason: whyUnreached(error, connection.timeoutMs), cause: error };
  }
}

/** Status line plus the server's own words: the OperationOutcome's issues, or the start of its text. */
export function describeAnswer(answer: FhirAnswer): string {
  if (!answer.reached) return answer.reason;
  const status = `${answer.status} ${answer.statusText}`.trim();
  if (isOperationOutcome(answer.body)) return `${status}: ${operationOutcomeToString(answer.body)}`;
  if (typeof answer.body === 'string' && answer.body.trim()) return `${status}: ${answer.body.trim().slice(0, 300)}`;
  return status;
}

/**
 * A token search value `system|value`. FHIR search treats `,` `|` `$` and `\` in a value as
 * syntax, so they are escaped with `\`: a hospital number containing a comma must not turn
 * into an OR of two numbers.
 */
export function tokenSearchValue(system: string, value: string): string {
  return `${system}|${value.replace(/[\\,|$]/g, (character) => `\\${character}`)}`;
}

/** `new URL('Patient', 'https://host/fhir')` drops `fhir`; a trailing slash keeps it. */
function resolveBelowBase(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return path === '' ? baseUrl : new URL(path, base).toString();
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function whyUnreached(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  // undici reports "fetch failed" and puts the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not connect (${detail})`;
}
