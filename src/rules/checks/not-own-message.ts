import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** Our own reply, come back: answering it would start a loop. */
export function notOwnMessage({ ownMessage }: Facts): Finding | null {
  return ownMessage ? { code: "OWN_MESSAGE" } : null;
}
