import type { Facts } from "../facts.ts";
import { sameAddress } from "../../message/addresses.ts";
import type { Finding } from "../reasons.ts";

/** On forms that need an authoriser, the sender is the authoriser named on the form. */
export function senderIsAuthoriser({ sender, form }: Facts): Finding | null {
  if (form.kind !== "read" || !form.form.authoriser || !sender.from) return null;
  return sameAddress(sender.from.address, form.form.authoriser.email) ? null : { code: "SENDER_NOT_AUTHORISER" };
}
