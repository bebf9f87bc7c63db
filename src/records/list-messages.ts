import type { Outcome, ReasonCode } from "../rules/reasons.ts";
import { SENDER_PROOFS, type SenderProof } from "../rules/decide.ts";
import type { Records } from "./database.ts";

export interface MessageSummary {
  readonly messageId: string;
  readonly receivedAt: string;
  readonly fromAddress: string | null;
  readonly outcome: Outcome | null;
  readonly reasons: ReasonCode[];
  /** The evidence path that proved the sender (dkim, authentication-results, arc, exchange-organisation); null: none did. */
  readonly senderProof: SenderProof | null;
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
      senderProof: evidencePathOf(decision?.senderProof ?? null),
      requestReference: decision?.request?.reference ?? null,
    };
  });
}

/** A stored path name read back as one, never a string cast without a check. */
function evidencePathOf(stored: string | null): SenderProof | null {
  return SENDER_PROOFS.find((name) => name === stored) ?? null;
}
