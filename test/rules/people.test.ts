// Whether two names on a form are the same person's: what a reader would take for the same
// name must compare equal, however it was typed; a different name must stay different.
import { describe, expect, it } from "vitest";
import { nameWords, sameName, samePerson, skeleton } from "../../src/rules/people.ts";

const APPLICANT = "Alice Applicant";

describe("the same name, written to look the same", () => {
  it.each([
    ["a soft hyphen (U+00AD)", "Al\u00adice Applicant"],
    ["a zero-width space (U+200B)", "Alice Appli\u200bcant"],
    ["a zero-width joiner (U+200D)", "Ali\u200dce Applicant"],
    ["a zero-width non-joiner (U+200C)", "Alice\u200c Applicant"],
    ["a word joiner (U+2060)", "Alice App\u2060licant"],
    ["a byte order mark (U+FEFF)", "\ufeffAlice Applicant"],
    ["a right-to-left override (U+202E)", "Alice\u202e Applicant"],
    ["a Hangul filler (U+3164)", "Alice\u3164 Applicant"],
    ["a variation selector (U+FE0F)", "Alic\ufe0fe Applicant"],
    ["a tag character (U+E0041)", "Alice\u{e0041} Applicant"],
    ["a Cyrillic а in a Latin word", "Ali\u0441\u0435 Applicant"],
    ["the first name wholly in Cyrillic look-alikes (АӀісе)", "\u0410\u04c0\u0456\u0441\u0435 Applicant"],
    ["Cyrillic а е о р с throughout", "\u0410li\u0441\u0435 \u0410\u0440\u0440li\u0441\u0430nt"],
    ["a Greek capital alpha", "\u0391lice Applicant"],
    ["a Greek iota", "Al\u03b9ce Appl\u03b9cant"],
    ["fullwidth letters", "\uff21\uff4c\uff49\uff43\uff45 \uff21\uff50\uff50\uff4c\uff49\uff43\uff41\uff4e\uff54"],
    ["mathematical bold letters", "\u{1d400}\u{1d425}\u{1d422}\u{1d41c}\u{1d41e} Applicant"],
    ["combining accents", "Ali\u0301ce Appl\u0308icant"],
    ["precomposed accents", "Alícé Ápplicant"],
    ["a title", "Dr Alice Applicant"],
    ["a title with a full stop and other case", "PROF. alice APPLICANT"],
    ["a title written in Cyrillic look-alikes", "D\u0433 Alice Applicant"],
    ["a capital I for a small l", "AIice Applicant"],
    ["capitals", "ALICE APPLICANT"],
    ["capitals in Cyrillic look-alikes", "\u0410LI\u0421\u0415 \u0410PPLI\u0421\u0410NT"],
    ["a no-break space and an ideographic space", "Alice\u00a0\u3000Applicant"],
    ["everything at once", "Dr \u0410l\u00adi\u0441\u0435\u200b \uff21\u0440\u0440li\u0441\u0430\u0301nt"],
  ])("%s", (_how, written) => {
    expect(sameName(APPLICANT, written)).toBe(true);
    expect(sameName(written, APPLICANT)).toBe(true);
  });

  it("Cyrillic capitals that only look Latin in upper case: КАТЕ is Kate", () => {
    expect(sameName("Kate Taylor", "\u041a\u0410\u0422\u0415 Taylor")).toBe(true);
  });

  it("Greek capitals: ΙΑΝ is Ian, ΗΑΝ is Han", () => {
    expect(sameName("Ian Smith", "\u0399\u0391\u039d Smith")).toBe(true);
    expect(sameName("Han Li", "\u0397\u0391\u039d Li")).toBe(true);
  });

  it("ß is ss, ø is o", () => {
    expect(sameName("Anna Straße", "ANNA STRASSE")).toBe(true);
    expect(sameName("Søren Berg", "Soren Berg")).toBe(true);
  });
});

describe("different people stay different", () => {
  it.each([
    ["Ann Lee", "Anna Lee"],
    ["Alice Applicant", "Alicia Applicant"],
    ["Alice Applicant", "Bob Authoriser"],
    ["Alice Applicant", "Alice"],
    ["Alice Applicant", "Applicant Alice"],
    ["Ian Smith", "Lan Smith"],
    ["Mia Jones", "Mla Jones"],
    ["Jon Smith", "John Smith"],
    ["Борис Петров", "Boris Petrov"],
  ])("%s and %s", (a, b) => {
    expect(sameName(a, b)).toBe(false);
  });

  it("a name of titles alone matches nobody", () => {
    expect(sameName("Dr", "Dr")).toBe(false);
    expect(sameName("\u200b", "\u00ad")).toBe(false);
  });
});

describe("the parts of the comparison", () => {
  it("reads the words of a name without titles, punctuation or invisible characters", () => {
    expect(nameWords("Dr. Mary-Jane O\u2019Brien\u200b")).toEqual(["Mary", "Jane", "O", "Brien"]);
  });

  it("takes UTS #39 skeletons: look-alikes share one, other letters do not", () => {
    expect(skeleton("\u0410\u0440\u0440le")).toBe(skeleton("Apple"));
    expect(skeleton("paypal")).toBe(skeleton("\u0440\u0430\u0443\u0440\u0430l"));
    expect(skeleton("Anna")).not.toBe(skeleton("Ann"));
  });
});

describe("samePerson", () => {
  it("is the same person by a look-alike name at another address", () => {
    expect(
      samePerson({ name: APPLICANT, email: "alice.applicant@nhs.net" }, { name: "\u0410\u04c0\u0456\u0441\u0435 Applicant", email: "a.applicant2@nhs.net" }),
    ).toBe(true);
  });

  it("is the same person by address whatever the names", () => {
    expect(samePerson({ name: APPLICANT, email: "alice.applicant@nhs.net" }, { name: "Someone Else", email: "Alice.Applicant+x@NHS.net" })).toBe(true);
  });

  it("is not the same person with another name at another address", () => {
    expect(samePerson({ name: APPLICANT, email: "alice.applicant@nhs.net" }, { name: "Dr Bob Authoriser", email: "bob.authoriser@nhs.net" })).toBe(false);
  });
});
