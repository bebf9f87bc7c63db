import { isDeliveryReport } from "../../message/automatic-mail.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/**
 * A delivery report is never answered. One about a reply of ours means a person did not
 * hear from us: the support team is told, and the report is tied to the request.
 */
export function notDeliveryReport({ automatic, bouncedReply }: Facts): Finding | null {
  if (!isDeliveryReport(automatic)) return null;
  if (bouncedReply) return { code: "REPLY_UNDELIVERABLE", detail: bouncedReply.reference ?? "no request" };
  return { code: "BOUNCE" };
}
