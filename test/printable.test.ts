import { describe, expect, it } from "vitest";
import { printable, printableJson, printableLines } from "../src/printable.ts";

describe("printable", () => {
  it.each([
    ["an OSC title sequence", "\u001b]0;pwned\u0007", "\\x1b]0;pwned\\x07"],
    ["a screen wipe", "\u001b[2J", "\\x1b[2J"],
    ["a C1 CSI", "\u009b31m", "\\x9b31m"],
    ["DEL", "a\u007fb", "a\\x7fb"],
    ["NUL, tab, CR and LF", "\u0000\t\r\n", "\\x00\\x09\\x0d\\x0a"],
    ["a right-to-left override", "\u202eexe.pdf", "\\u202eexe.pdf"],
    ["the isolates and marks", "\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c"],
    ["zero-width characters and a soft hyphen", "a\u200bb\u200dc\u2060d\ufeffe\u00adf", "a\\u200bb\\u200dc\\u2060d\\ufeffe\\xadf"],
    ["line and paragraph separators", "\u2028\u2029", "\\u2028\\u2029"],
    ["a Hangul filler and a variation selector", "\u3164\ufe0f", "\\u3164\\ufe0f"],
    ["a tag character beyond the BMP", "x\u{e0041}", "x\\u{e0041}"],
    ["a lone surrogate", "x\ud800y", "x\\ud800y"],
  ])("escapes %s", (_label, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it("leaves ordinary text as it is, in any script, backslashes included", () => {
    const text = "Dr Zoë O'Brien <bob.authoriser@nhs.net> — שלום, مرحبا, 日本語 C:\\forms £5 😀";
    expect(printable(text)).toBe(text);
  });

  it("keeps line breaks in text of several lines, and escapes the rest", () => {
    expect(printableLines("one\u001b[2J\ntwo\r\n")).toBe("one\\x1b[2J\ntwo\\x0d\n");
  });
});

describe("printableJson", () => {
  const value = {
    messageId: "<\u001b]0;pwned\u0007 \u009b31m \u202eexe\u2028\u2029\u0085\u{e0041}\ud800@evil.example>",
    list: ["plain", "\u200b"],
    "key\u202e": 1,
  };

  it("parses back to the very same value", () => {
    expect(JSON.parse(printableJson(value, 2))).toEqual(value);
    expect(JSON.parse(printableJson(value))).toEqual(value);
  });

  it("writes every unsafe character as a \\u escape, keeping the indentation's line breaks", () => {
    const json = printableJson(value, 2);
    expect(json.replace(/\n/g, "")).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u);
    expect(json).toContain("\\u009b31m \\u202eexe\\u2028\\u2029\\u0085\\udb40\\udc41\\ud800@evil.example");
    expect(json.split("\n")).toHaveLength(JSON.stringify(value, null, 2).split("\n").length);
  });

  it("is JSON.stringify for ordinary values", () => {
    const ordinary = { reference: "EP2-7K3M9QX2", name: "Zoë", count: 3, none: null };
    expect(printableJson(ordinary, 2)).toBe(JSON.stringify(ordinary, null, 2));
  });
});
