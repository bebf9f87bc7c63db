import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** Every organisation code on the form is an open organisation in the ODS data. */
export function organisationKnown({ form, organisations }: Facts): Finding | null {
  if (form.kind !== "read") return null;
  const problems = form.form.organisation.codes.flatMap((code) => {
    const organisation = organisations.get(code);
    if (!organisation) return [`${code} is not known`];
    return organisation.status === "open" ? [] : [`${code} is closed`];
  });
  return problems.length > 0 ? { code: "ORGANISATION_UNKNOWN", detail: problems.join("; ") } : null;
}
