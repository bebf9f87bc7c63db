// Comparing people on a form. Addresses identify mailboxes exactly, read by the sender
// module's normaliseAddress (the one owner of that reading); the "same person" test is
// deliberately looser, because self-authorisation must not slip through on a dot, a title,
// a capital letter, an invisible character or a look-alike letter.
import unhomoglyph from "unhomoglyph";
import { normaliseAddress } from "../message/addresses.ts";
import { withoutInvisible } from "../text-characters.ts";

const TITLES = ["dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"];

/** The mailbox as a person would see it: no dots or sub-address in the local part. */
function personalMailbox(address: string): string | null {
  const mailbox = normaliseAddress(address);
  if (mailbox === null) return null;
  const local = mailbox.address.slice(0, mailbox.address.lastIndexOf("@")).split("+")[0] ?? "";
  return `${local.replace(/[.\-_]/g, "")}@${mailbox.domain}`;
}

/**
 * The skeleton of UTS #39 section 4: NFD, nothing invisible, each character replaced by its
 * prototype from confusables.txt (the unhomoglyph package), NFD again. Equal skeletons look alike.
 */
export function skeleton(text: string): string {
  return unhomoglyph(withoutInvisible(text.normalize("NFD"))).normalize("NFD");
}

/** Full case folding, near enough: upper then lower case turns "ß" into "ss" as "SS" would. */
function caseFolded(text: string): string {
  return text.toUpperCase().toLowerCase();
}

function withoutMarks(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

/**
 * confusables.txt gives "l" as the prototype of "I" and of every capital that looks like it
 * (Greek Ι, Cyrillic І and Ӏ); folded after the skeleton, such a capital must stay an "i".
 */
function skeletonKeepingCapitalI(word: string): string {
  return [...word.normalize("NFD")]
    .map((char) => {
      const prototype = skeleton(char);
      return prototype === "l" && char !== char.toLowerCase() ? "I" : prototype;
    })
    .join("");
}

/**
 * Three readings of a word; two words are the same when any reading agrees. Case folding and
 * the skeleton do not commute, and each order misses what the other finds: folded first,
 * Cyrillic "КАТЕ" becomes "ĸaᴛe", unlike "Kate"; skeleton first, "Ian" would meet "Lan".
 */
const READINGS: readonly ((word: string) => string)[] = [
  // as it reads in small letters: "ALICE" is "alice", Cyrillic "Аѕа" is "asa"
  (word) => withoutMarks(skeleton(caseFolded(word))),
  // as written: capital "I" and small "l" look alike, so "AIice" is "Alice"
  (word) => withoutMarks(skeleton(word)),
  // as written, then in small letters: Cyrillic "КАТЕ" is "KATE", so "kate"
  (word) => withoutMarks(caseFolded(skeletonKeepingCapitalI(word))),
];

const TITLE_READINGS: readonly ReadonlySet<string>[] = READINGS.map((read) => new Set(TITLES.map(read)));

function isTitle(word: string): boolean {
  return READINGS.some((read, index) => TITLE_READINGS[index]?.has(read(word)));
}

/**
 * The words of a name as a reader sees them: compatibility forms folded (NFKC: fullwidth and
 * mathematical letters, ligatures), invisible characters gone, punctuation as spaces, no titles.
 */
export function nameWords(name: string): string[] {
  // Invisible characters go before NFKC and after it, which turns U+FFA0 into U+3164.
  return withoutInvisible(withoutInvisible(name).normalize("NFKC"))
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .split(" ")
    .filter((word) => withoutMarks(word) !== "" && !isTitle(word));
}

function sameWord(a: string, b: string): boolean {
  return READINGS.some((read) => read(a) === read(b));
}

/** Names that look the same, word by word, whatever the case, accents, titles, spacing, invisible or look-alike characters. */
export function sameName(a: string, b: string): boolean {
  const wordsA = nameWords(a);
  const wordsB = nameWords(b);
  if (wordsA.length === 0 || wordsB.length === 0) return false;
  if (wordsA.length === wordsB.length && wordsA.every((word, i) => sameWord(word, wordsB[i] ?? ""))) return true;
  // Split or joined differently: "Al-ice" (a soft hyphen printed), "Al ice" (a zero-width space
  // read as a gap) and "Mary Jane" are still Alice and Mary-Jane. Erring this way only refuses.
  return sameWord(wordsA.join(""), wordsB.join(""));
}

/** Same person: same mailbox ignoring dots and sub-addresses, or a name that looks the same. */
export function samePerson(
  a: { readonly name: string; readonly email: string },
  b: { readonly name: string; readonly email: string },
): boolean {
  const mailboxA = personalMailbox(a.email);
  return (mailboxA !== null && mailboxA === personalMailbox(b.email)) || sameName(a.name, b.name);
}
