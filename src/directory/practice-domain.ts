// The extra sender domains of a practice or PCN: the page lets a GP authorise from "their
// @nhs.net or personal practice email account", so a practice's own domain may be added.
import { normaliseDomain } from "../message/addresses.ts";
import type { Checked } from "./directory-fields.ts";

// Registering one of these for an organisation would let anyone with an account there pass
// the domain check for it: a practice domain must belong to the practice. nhs.net is
// refused on its own in checkPracticeDomain, with its own reason.
const SHARED_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "live.com",
  "live.co.uk",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "icloud.com",
  "me.com",
  "aol.com",
  "btinternet.com",
  "protonmail.com",
  "proton.me",
]);

/** The lower-case ASCII form of a mail domain (IDN written as xn--); a leading @ is dropped. */
export function checkDomainName(raw: string): Checked<string> {
  const text = raw.trim().replace(/^@/, "");
  if (text === "") return { ok: false, problem: "domain is empty" };
  const domain = normaliseDomain(text);
  return domain === null ? { ok: false, problem: `domain ${JSON.stringify(raw)} is not a plausible mail domain` } : { ok: true, value: domain };
}

/** A domain that may be registered as a practice's own: plausible, and not a shared service. */
export function checkPracticeDomain(raw: string): Checked<string> {
  const checked = checkDomainName(raw);
  if (!checked.ok) return checked;
  const domain = checked.value;
  if (domain === "nhs.net") {
    return { ok: false, problem: "nhs.net is accepted for every organisation already (INTAKE_ALLOWED_SENDER_DOMAINS); register only the practice's own domain" };
  }
  if (SHARED_MAIL_DOMAINS.has(domain)) {
    return { ok: false, problem: `${domain} is a public mail service, not the practice's own domain` };
  }
  return { ok: true, value: domain };
}
