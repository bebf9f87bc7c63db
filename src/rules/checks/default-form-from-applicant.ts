import type { Facts } from "../facts.ts";
import { sameAddress } from "../../message/addresses.ts";
import type { Finding } from "../reasons.ts";

/** A form without an authoriser (Default Dashboard Access) must come from the applicant, or an agent confirm it. */
export function defaultFormFromApplicant({ sender, form, review }: Facts): Finding | null {
  if (form.kind !== "read" || form.form.authoriser || !sender.from || review?.senderConfirmed) return null;
  return sameAddress(sender.from.address, form.form.applicant.email) ? null : { code: "SENDER_NOT_APPLICANT" };
}
