// The audit trail: one row for every state change of a message, request, reply or alert,
// written in the transaction of the change, at the time the application's clock gave it.
import { auditSubjects, type AuditSubject } from "./closed-sets.ts";
import type { Records } from "./database.ts";

export interface AuditEntry {
  readonly at: Date;
  readonly subjectType: AuditSubject;
  readonly subjectId: number;
  readonly event: string;
  readonly fromState?: string | null;
  readonly toState?: string | null;
  readonly detail?: string | null;
  /** The agent who made the change; null or absent: the intake itself. */
  readonly actor?: string | null;
  /** What the agent wrote about it. */
  readonly note?: string | null;
}

export async function audit(db: Records, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      at: entry.at,
      subjectType: auditSubjects.stored(entry.subjectType),
      subjectId: entry.subjectId,
      event: entry.event,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      detail: entry.detail ?? null,
      actor: entry.actor ?? null,
      note: entry.note ?? null,
    },
  });
}
