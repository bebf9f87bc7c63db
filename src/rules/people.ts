// Comparing people on a form. Addresses identify mailboxes exactly, read by the sender
// module's normaliseAddress (the one owner of that reading); the "same person" test is
// deliberately looser, because self-authorisation must not slip through on a dot, a title
// or a capital letter.
import { normaliseAddress } from "../sender/addresses.ts";

const TITLES = new Set(["dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"]);

/** The mailbox as a person would see it: no dots or sub-address in the local part. */
function personalMailbox(address: string): string | null {
  const mailbox = normaliseAddress(address);
  if (mailbox === null) return null;
  const local = mailbox.address.slice(0, mailbox.address.lastIndexOf("@")).split("+")[0] ?? "";
  return `${local.replace(/[.\-_]/g, "")}@${mailbox.domain}`;
}

/** Name without accents, titles, punctuation, case or spacing differences. */
export function normalisedName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter((word) => word.length > 0 && !TITLES.has(word))
    .join(" ");
}

/** Same person: same mailbox ignoring dots and sub-addresses, or the same normalised name. */
export function samePerson(
  a: { readonly name: string; readonly email: string },
  b: { readonly name: string; readonly email: string },
): boolean {
  const mailboxA = personalMailbox(a.email);
  if (mailboxA !== null && mailboxA === personalMailbox(b.email)) return true;
  const nameA = normalisedName(a.name);
  return nameA.length > 0 && nameA === normalisedName(b.name);
}
