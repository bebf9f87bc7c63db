import { FORM_ROUTES } from "../../forms/access-routes.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/**
 * The From domain is exactly an allowed one (nhs.net): no subdomains, look-alikes or
 * suffix tricks. GP and PCN forms may also come from the practice's registered domain.
 */
export function senderDomainAllowed({ sender, form, policy, organisationDomains }: Facts): Finding | null {
  if (!sender.from) return null;
  const domain = sender.from.domain;
  if (policy.allowedSenderDomains.includes(domain)) return null;
  const practiceRoute = form.kind === "read" && FORM_ROUTES[form.form.formId].practiceDomains;
  if (practiceRoute && organisationDomains.includes(domain)) return null;
  return { code: "SENDER_DOMAIN_NOT_ALLOWED", detail: domain };
}
