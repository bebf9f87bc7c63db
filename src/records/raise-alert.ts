import type { ComposedReply } from "../replies/reply.ts";
import { audit } from "./audit.ts";
import type { Database } from "./database.ts";
import { Prisma } from "./generated/client.ts";
import { createReplies } from "./record-decision.ts";

export interface AlertToRaise {
  /** The problem that made intake fail first. */
  readonly kind: string;
  /** Every problem found, one per line. */
  readonly detail: string;
  readonly openedAt: Date;
  /** The email to the support team, queued with the alert. */
  readonly email: ComposedReply;
}

/**
 * Opens an alert and queues its email in one transaction. False when an alert is open
 * already (raised meanwhile by another process): then nothing is written and nothing sent.
 */
export async function raiseAlert(db: Database, alert: AlertToRaise): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      const row = await tx.alert.create({
        data: { kind: alert.kind, detail: alert.detail, openedAt: alert.openedAt, openSlot: "open", notified: true },
      });
      await audit(tx, { subjectType: "alert", subjectId: row.id, event: "raised", toState: "open", detail: alert.kind });
      await createReplies(tx, [alert.email], { decisionId: null, inboundId: null, requestId: null, alertId: row.id });
    });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}
