import type { AppendAccessEvent } from '../api/access-control.ts';
import type { EmbeddedStorage } from '../storage/open-embedded-storage.ts';

/** Access events go to the one chained audit log that review decisions and filing also write: where from in `ip`, what in `details`. */
export function accessAuditOf(storage: EmbeddedStorage): AppendAccessEvent {
  return (event) =>
    storage.audit.append({
      actor: event.actor,
      action: event.action,
      subjectId: event.subjectId,
      ip: event.ip,
      details: event.details,
      patientNhsNumber: event.patientNhsNumber ?? null,
    });
}
