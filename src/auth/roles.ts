/**
 * What a signed-in person or an API token may do. Every route names the roles that may call it
 * (src/api/route-policies.ts); someone with none of them gets 403, someone not signed in 401.
 * - records: upload scans, see capture status, retry failed documents, re-file failed filings
 * - reviewer: the review queue (claim, correct, approve, reject) and the pages it shows
 * - clinician: read documents, search within one patient and see a patient's timeline
 *   (reviewers and admins may also search across all patients: route-policies.ts CROSS_PATIENT_SEARCH)
 * - admin: users, tokens, the queues dashboard, metrics, API docs, re-delivery, re-filing, audit export
 */
export const ROLES = ['records', 'reviewer', 'clinician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is acting, as every route and audit event sees it: never taken from a header a client sets. */
export interface Identity {
  /** Stable id: `user:<name>` for local accounts, `oidc:<issuer-host>:<sub>`, `token:<id>`, `proxy:<name>`. */
  id: string;
  /** What people see in the audit trail and on pages. */
  displayName: string;
  roles: Role[];
  /** How they proved who they are. */
  method: 'password' | 'oidc' | 'token' | 'proxy';
}
