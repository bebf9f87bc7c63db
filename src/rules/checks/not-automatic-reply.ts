import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

const BULK = new Set(["bulk", "junk", "list"]);
// Subjects of out-of-office replies from clients that set no header (Outlook, Exchange, Gmail).
const OUT_OF_OFFICE = /^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|ooo\b|autosvar|abwesenheit|r[ée]ponse automatique)/i;

/** Mail sent by a machine (RFC 3834 and the headers autoresponders and lists use). */
export function notAutomaticReply({ automatic }: Facts): Finding | null {
  const signals: string[] = [];
  if (automatic.autoSubmitted && automatic.autoSubmitted !== "no") signals.push(`Auto-Submitted: ${automatic.autoSubmitted}`);
  if (automatic.precedence && BULK.has(automatic.precedence)) signals.push(`Precedence: ${automatic.precedence}`);
  if (automatic.xLoop.length > 0) signals.push("X-Loop");
  if (automatic.autoResponseSuppress) signals.push("X-Auto-Response-Suppress");
  if (automatic.mailingList) signals.push("List-Id/List-Unsubscribe");
  if (automatic.autoreplyHeader) signals.push("X-Autoreply");
  if (automatic.report === "other") signals.push("multipart/report");
  if (OUT_OF_OFFICE.test(automatic.subject)) signals.push("out-of-office subject");
  return signals.length > 0 ? { code: "AUTO_REPLY", detail: signals.join(", ") } : null;
}
