import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** The message carries a PDF at all. */
export function formAttached({ form }: Facts): Finding | null {
  return form.kind === "none" ? { code: "FORM_MISSING" } : null;
}
