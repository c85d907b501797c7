import type { AppendAccessEvent } from '../api/access-control.ts';
import type { EmbeddedStorage } from '../storage/open-embedded-storage.ts';

/** Access events go to the one audit trail that review decisions and filing also write. */
export function accessAuditOf(storage: EmbeddedStorage): AppendAccessEvent {
  return (event) =>
    storage.review.recordEvent({
      actor: event.actor,
      action: event.action,
      subjectId: event.subjectId,
      before: null,
      after: { ip: event.ip, ...(event.details as object) },
    });
}
