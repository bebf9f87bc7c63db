import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** What the form holds is what its pages show the authoriser; the detail names each field by its label. */
export function formAsShown({ form }: Facts): Finding | null {
  if (form.kind !== "not-as-shown") return null;
  return { code: "FORM_NOT_AS_SHOWN", detail: form.problems.map((p) => `${p.label} ${p.problem}`).join("; ") };
}
