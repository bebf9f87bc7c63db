import { randomInt } from "node:crypto";

// Crockford base32: no I, L, O or U, so a reference read out on the phone is unambiguous.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A new request reference such as EP2-7K3M9QX2; random, so references reveal no volumes. */
export function newReference(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `EP2-${code}`;
}

export const REFERENCE_PATTERN = /\bEP2-[0-9A-HJKMNP-TV-Z]{8}\b/;
