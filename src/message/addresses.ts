// Mailbox addresses in the one form the rest of the processor compares: lower-cased local
// part @ lower-cased ASCII domain. The one owner of that reading: the From field, the
// DKIM and Authentication-Results cross-checks, the directory and the form all use it.
// Only an addr-spec that every parser reads the same way is an address; anything else is null.

import { domainToASCII, domainToUnicode } from "node:url";

/** A mailbox in the one form the processor compares: lower-cased local part @ lower-cased ASCII domain. */
export interface MailAddress {
  readonly address: string;
  readonly domain: string;
}

const MAX_ADDRESS_LENGTH = 320;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// RFC 5322 dot-atom-text of ASCII atext: no quoted strings, comments, whitespace, route or
// 8-bit characters, each of which parsers read differently (a quoted "x" in a.x"@ is the
// local part to one, the display name to another).
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// The opening of an RFC 2047 encoded word: a decoder may turn it into another address.
const ENCODED_WORD_START = "=?";
// Whitespace of any script, ASCII and C1 control characters, and the angle brackets, quotes
// and separators that would mean the string holds more than a bare domain.
const NOT_IN_DOMAIN = /[\s\p{Cc}<>,;()\\"@[\]]/u;

/**
 * The ASCII (punycode) lower-case form of a domain, or null when it is not a plausible mail
 * domain. A domain that IDN normalisation would have to rewrite (fullwidth letters,
 * ideographic full stops, decomposed accents) is refused rather than silently mapped: it is
 * what a look-alike is made of, and nobody's real address is written that way.
 */
export function normaliseDomain(raw: string): string | null {
  const lowered = raw.trim().toLowerCase();
  if (lowered === "" || lowered.length > MAX_DOMAIN_LENGTH * 4 || NOT_IN_DOMAIN.test(lowered)) {
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

/**
 * The normalised mailbox of exactly one addr-spec, with nothing around it but leading and
 * trailing whitespace (a value typed into a form or a file); null for anything else.
 */
export function normaliseAddress(raw: string): MailAddress | null {
  return readAddrSpec(raw.trim());
}

/**
 * The normalised mailbox when `text` is, to the last character, a dot-atom local part of
 * ASCII atext, "@", and a domain normaliseDomain accepts; null otherwise.
 */
export function readAddrSpec(text: string): MailAddress | null {
  if (text.length > MAX_ADDRESS_LENGTH) {
    return null;
  }
  const at = text.indexOf("@");
  if (at < 0 || at !== text.lastIndexOf("@")) {
    return null;
  }
  const localPart = text.slice(0, at);
  const rawDomain = text.slice(at + 1);
  if (localPart.length > MAX_LOCAL_PART_LENGTH || !DOT_ATOM.test(localPart) || localPart.includes(ENCODED_WORD_START)) {
    return null;
  }
  // normaliseDomain forgives surrounding whitespace; inside an address there is none.
  if (rawDomain !== rawDomain.trim()) {
    return null;
  }
  const domain = normaliseDomain(rawDomain);
  if (domain === null) {
    return null;
  }
  return { address: `${localPart.toLowerCase()}@${domain}`, domain };
}

/** True when both are readable addresses of the same mailbox. */
export function sameAddress(a: string, b: string): boolean {
  const first = normaliseAddress(a);
  const second = normaliseAddress(b);
  return first !== null && second !== null && first.address === second.address;
}

/** True when the address's domain is exactly `domain` (case-insensitive, no subdomains). */
export function isDomain(address: MailAddress, domain: string): boolean {
  const expected = normaliseDomain(domain);
  return expected !== null && address.domain === expected;
}
