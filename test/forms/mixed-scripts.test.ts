// One word, one writing system: the check behind "must not mix letters from different alphabets".
import { describe, expect, it } from "vitest";
import { mixesScripts, scriptsOf } from "../../src/forms/mixed-scripts.ts";

describe("a word that mixes scripts", () => {
  it.each([
    ["Latin with a Cyrillic а", "\u0410lice"],
    ["Latin with a Greek ο", "B\u03bfb"],
    ["Cyrillic with a Latin o", "\u0411o\u0440\u0438\u0441"],
    ["Latin with Hiragana", "A\u3055\u304f\u3089"],
    ["Latin with Armenian", "\u0570ello"],
  ])("is found: %s", (_name, word) => {
    expect(mixesScripts(word)).toBe(true);
  });

  it.each([
    ["plain Latin", "Alice"],
    ["Latin with accents, precomposed and combining", "Zo\u00eb\u0141ukasz\u0301"],
    ["Latin with hyphen, apostrophe and digits (Common)", "O\u2019Brien-Smith2"],
    ["wholly Cyrillic look-alikes", "\u0410\u04c0\u0456\u0441\u0435"],
    ["Greek", "\u0396\u03c9\u03ae"],
    ["Kanji with Hiragana and Katakana (Japanese)", "\u5c71\u7530\u3055\u304f\u3089\u30b5\u30af\u30e9"],
    ["Hangul with Hanja (Korean)", "\uae40\u91d1"],
    ["only Common characters", "-'"],
  ])("is not: %s", (_name, word) => {
    expect(mixesScripts(word)).toBe(false);
  });
});

describe("the table of scripts", () => {
  it("knows a script for every letter, mark and digit of this Node.js's Unicode that is not Common or Inherited", () => {
    const counted = /^[\p{L}\p{M}\p{Nd}]$/u;
    const shared = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
    const unknown: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const char = String.fromCodePoint(codePoint);
      if (counted.test(char) && !shared.test(char) && scriptsOf(char).size === 0) unknown.push(codePoint.toString(16));
    }
    expect(unknown).toEqual([]);
  });
});
