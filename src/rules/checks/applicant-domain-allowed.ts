import { normaliseAddress } from "../../message/addresses.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** The applicant's address is at nhs.net, an approved domain, or the organisation's own domain. */
export function applicantDomainAllowed({ form, policy, organisationDomains }: Facts): Finding | null {
  if (form.kind !== "read") return null;
  const domain = normaliseAddress(form.form.applicant.email)?.domain ?? "";
  if (policy.applicantDomains.includes(domain) || organisationDomains.includes(domain)) return null;
  return { code: "APPLICANT_DOMAIN_NOT_ALLOWED", detail: domain };
}
