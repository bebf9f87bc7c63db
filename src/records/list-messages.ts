import type { Outcome, ReasonCode } from "../rules/reasons.ts";
import type { Records } from "./database.ts";

export interface MessageSummary {
  readonly messageId: string;
  readonly receivedAt: string;
  readonly fromAddress: string | null;
  readonly outcome: Outcome | null;
  readonly reasons: ReasonCode[];
  readonly requestReference: string | null;
}

/** Every message taken in, oldest first, with its latest decision. */
export async function listMessages(db: Records): Promise<MessageSummary[]> {
  const rows = await db.message.findMany({
    orderBy: { id: "asc" },
    include: {
      decisions: {
        orderBy: { id: "desc" },
        take: 1,
        include: { findings: { orderBy: { id: "asc" } }, request: { select: { reference: true } } },
      },
    },
  });
  return rows.map((row) => {
    const decision = row.decisions[0];
    return {
      messageId: row.messageId,
      receivedAt: row.receivedAt.toISOString(),
      fromAddress: row.fromAddress,
      outcome: (decision?.outcome as Outcome | undefined) ?? null,
      reasons: decision ? decision.findings.map((f) => f.code as ReasonCode) : [],
      requestReference: decision?.request?.reference ?? null,
    };
  });
}
