// Comparing people and addresses on a form. Addresses identify mailboxes exactly; the
// "same person" test is deliberately looser, because self-authorisation must not slip
// through on a dot, a title or a capital letter.

const TITLES = new Set(["dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"]);

/** Lower-cased address with an ASCII domain; used to compare a sender with a form's address. */
export function canonicalAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 0) return address.trim().toLowerCase();
  const local = address.slice(0, at).trim().toLowerCase();
  const domain = address.slice(at + 1).trim().toLowerCase().replace(/\.$/, "");
  return `${local}@${domain}`;
}

/** The mailbox as a person would see it: no dots or sub-address in the local part. */
function personalMailbox(address: string): string {
  const canonical = canonicalAddress(address);
  const at = canonical.lastIndexOf("@");
  const local = canonical.slice(0, at).split("+")[0] ?? "";
  return `${local.replace(/[.\-_]/g, "")}@${canonical.slice(at + 1)}`;
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

export function sameAddress(a: string, b: string): boolean {
  return canonicalAddress(a) === canonicalAddress(b);
}

/** Same person: same mailbox ignoring dots and sub-addresses, or the same normalised name. */
export function samePerson(
  a: { readonly name: string; readonly email: string },
  b: { readonly name: string; readonly email: string },
): boolean {
  if (personalMailbox(a.email) === personalMailbox(b.email)) return true;
  const nameA = normalisedName(a.name);
  return nameA.length > 0 && nameA === normalisedName(b.name);
}
