// Mailbox addresses in the one form the rest of the processor compares: lower-cased local
// part @ lower-cased ASCII domain. Anything that is not plausibly a single mailbox is null.

import { domainToASCII, domainToUnicode } from "node:url";
import type { SenderAddress } from "./sender-evidence.ts";

const MAX_ADDRESS_LENGTH = 320;
const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// Whitespace of any script, ASCII and C1 control characters, and the angle brackets, quotes
// and separators that would mean the string holds more than a bare addr-spec.
const NOT_IN_MAILBOX = /[\s\p{Cc}<>,;()\\]/u;

/**
 * The ASCII (punycode) lower-case form of a domain, or null when it is not a plausible mail
 * domain. A domain that IDN normalisation would have to rewrite (fullwidth letters,
 * ideographic full stops, decomposed accents) is refused rather than silently mapped: it is
 * what a look-alike is made of, and nobody's real address is written that way.
 */
export function normaliseDomain(raw: string): string | null {
  const lowered = raw.trim().toLowerCase();
  if (lowered === "" || lowered.length > MAX_DOMAIN_LENGTH * 4 || NOT_IN_MAILBOX.test(lowered)) {
    return null;
  }
  const ascii = domainToASCII(lowered);
  if (ascii === "" || ascii.length > MAX_DOMAIN_LENGTH) {
    return null;
  }
  if (domainToUnicode(ascii) !== lowered && ascii !== lowered) {
    return null;
  }
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return null;
  }
  // An all-numeric last label is an IP address, not a mail domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) {
    return null;
  }
  return ascii;
}

/** The normalised mailbox, or null when `raw` is not exactly one plausible mailbox. */
export function normaliseAddress(raw: string): SenderAddress | null {
  const trimmed = raw.trim();
  if (trimmed.length > MAX_ADDRESS_LENGTH || NOT_IN_MAILBOX.test(trimmed)) {
    return null;
  }
  const parts = trimmed.split("@");
  if (parts.length !== 2) {
    return null;
  }
  const [localPart = "", rawDomain = ""] = parts;
  if (localPart === "" || localPart.length > 64) {
    return null;
  }
  const domain = normaliseDomain(rawDomain);
  if (domain === null) {
    return null;
  }
  const local = localPart.normalize("NFC").toLowerCase();
  return { address: `${local}@${domain}`, domain };
}

/** True when the address's domain is exactly `domain` (case-insensitive, no subdomains). */
export function isDomain(address: SenderAddress, domain: string): boolean {
  const expected = normaliseDomain(domain);
  return expected !== null && address.domain === expected;
}
