// Whether one word mixes letters of different writing systems (Unicode scripts), as a name
// spelt with a Cyrillic "а" among Latin letters does. A word is single-script when some script
// takes every letter in it (UTS #39 section 5.1, with its Han, Japanese and Korean sets, so
// Kanji with Kana passes); characters of the Common and Inherited scripts do not count.

/** ISO 15924 codes of every script this Node.js knows (Unicode 17); a test checks none is missing. */
const SCRIPT_CODES = `
  Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah Brai Bugi Buhd
  Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi
  Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira Hluw Hmng
  Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo Latn Lepc Limb
  Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi Mong Mroo Mtei
  Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma Ougr Palm Pauc
  Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sidt Sind
  Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Tayo Telu Tfng
  Tglg Thaa Thai Tibt Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb
`.trim().split(/\s+/u);

/** A character's Script_Extensions, tested one script at a time. */
const SCRIPTS: readonly { readonly code: string; readonly pattern: RegExp }[] = SCRIPT_CODES.map((code) => ({
  code,
  pattern: new RegExp(`^\\p{Script_Extensions=${code}}$`, "u"),
}));

/** UTS #39 augmentation: the writing systems of Chinese, Japanese and Korean combine scripts. */
const AUGMENTED: Readonly<Record<string, readonly string[]>> = {
  Hani: ["Hanb", "Jpan", "Kore"],
  Hira: ["Jpan"],
  Kana: ["Jpan"],
  Hang: ["Kore"],
  Bopo: ["Hanb"],
};

const COMMON_OR_INHERITED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const ASCII_LETTER = /^[A-Za-z]$/u;

/** The scripts a character may be written in; empty for none this Node.js knows. */
export function scriptsOf(char: string): ReadonlySet<string> {
  if (ASCII_LETTER.test(char)) return new Set(["Latn"]);
  const codes = SCRIPTS.filter(({ pattern }) => pattern.test(char)).flatMap(({ code }) => [code, ...(AUGMENTED[code] ?? [])]);
  return new Set(codes);
}

/** True when no one script takes every letter of the word. */
export function mixesScripts(word: string): boolean {
  const letters = [...word].filter((char) => !COMMON_OR_INHERITED.test(char));
  const [first, ...rest] = letters.map(scriptsOf);
  if (first === undefined) return false;
  const shared = [...first].filter((code) => rest.every((scripts) => scripts.has(code)));
  return shared.length === 0;
}
