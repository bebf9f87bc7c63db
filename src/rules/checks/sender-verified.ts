import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** A DKIM signature or a trusted Authentication-Results proves the single From address. */
export function senderVerified({ sender }: Facts): Finding | null {
  return sender.from && sender.verification ? null : { code: "SENDER_UNVERIFIED", detail: sender.detail };
}
