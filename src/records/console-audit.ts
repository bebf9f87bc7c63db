// What people do in the console to the reference data (the authoriser directory,
// organisations), in the audit trail with who did it. Case actions are audited by the
// casework itself.
import { auditSubjects } from "./closed-sets.ts";
import type { Records } from "./database.ts";

export interface ConsoleAction {
  /** The signed-in person's address. */
  readonly actor: string;
  readonly subject: "directory" | "organisations";
  /** e.g. directory-entry-added, organisations-imported. */
  readonly event: string;
  readonly detail: string;
  readonly at: Date;
}

export async function auditConsoleAction(db: Records, action: ConsoleAction): Promise<void> {
  await db.auditEvent.create({
    data: { at: action.at, subjectType: auditSubjects.stored(action.subject), subjectId: 0, event: action.event, detail: `by ${action.actor}: ${action.detail}`, actor: action.actor },
  });
}

/** The latest console actions on a subject, newest first. */
export async function recentConsoleActions(db: Records, subject: ConsoleAction["subject"], take: number): Promise<{ at: Date; event: string; detail: string | null }[]> {
  return db.auditEvent.findMany({ where: { subjectType: auditSubjects.stored(subject) }, orderBy: { id: "desc" }, take, select: { at: true, event: true, detail: true } });
}
