import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** An evidence path proves the single From address, or an agent confirmed the sender another way. */
export function senderVerified({ sender, review }: Facts): Finding | null {
  if (sender.from && (sender.verification || review?.senderConfirmed)) return null;
  return { code: "SENDER_UNVERIFIED", detail: sender.detail };
}
