import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** No more PDF attachments than are read: a message with more is left to people, unread. */
export function pdfsWithinLimit({ form }: Facts): Finding | null {
  if (form.kind !== "too-many") return null;
  return { code: "MESSAGE_TOO_MANY_PDFS", detail: `${form.count} attachments that could be PDFs; at most ${form.limit} are read` };
}
