import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** Every field of the form passed validation; the detail names each field by its label. */
export function formValid({ form }: Facts): Finding | null {
  if (form.kind !== "invalid") return null;
  return { code: "FORM_INVALID", detail: form.errors.map((e) => `${e.label} ${e.problem}`).join("; ") };
}
