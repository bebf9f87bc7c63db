import type { Records } from "./database.ts";

export type AuditSubject = "message" | "request" | "reply" | "alert";

export interface AuditEntry {
  readonly subjectType: AuditSubject;
  readonly subjectId: number;
  readonly event: string;
  readonly fromState?: string | null;
  readonly toState?: string | null;
  readonly detail?: string | null;
}

export async function audit(db: Records, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      event: entry.event,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      detail: entry.detail ?? null,
    },
  });
}
