import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** The From domain is exactly an allowed one (nhs.net): no subdomains, look-alikes or suffix tricks. */
export function senderDomainAllowed({ sender, policy }: Facts): Finding | null {
  if (!sender.from) return null;
  return policy.allowedSenderDomains.includes(sender.from.domain)
    ? null
    : { code: "SENDER_DOMAIN_NOT_ALLOWED", detail: sender.from.domain };
}
