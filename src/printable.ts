// Text that came from mail, made safe to show on a terminal, in a log line or on a page:
// every character that could steer a terminal (C0 and C1 controls, the escape sequences they
// start), reorder or hide text (bidi controls, zero-width and other invisible characters) is
// replaced by a visible escape. Any module may use it; it depends on nothing.

// Cc: C0, DEL and C1 controls. Cf: format characters, among them the bidi controls (U+061C,
// U+200E/F, U+202A-E, U+2066-9) and zero-width characters. Zl, Zp: U+2028, U+2029, line
// breaks to some readers and not others. Cs: a lone surrogate, no character at all. And the
// rest of the default-ignorable code points (Hangul fillers, variation selectors, tags).
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * `text` with each unsafe character replaced by an escape that shows its code: `\x1b` for
 * one up to U+00FF, `\u202e` up to U+FFFF, `\u{e0041}` above. Line breaks and tabs are
 * escaped too: the result is one line. Everything else, backslashes included, is unchanged.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) return `\\x${hex(code, 2)}`;
    if (code <= 0xffff) return `\\u${hex(code, 4)}`;
    return `\\u{${code.toString(16)}}`;
  });
}

/** The same for text of several lines: each line made printable, the line breaks kept. */
export function printableLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

/**
 * JSON.stringify, with every unsafe character it leaves as it is (C1 controls, bidi and other
 * format characters, U+2028, U+2029) written as a \uXXXX escape instead. The JSON stays valid
 * and parses to the very same value: such characters only occur inside strings, where JSON.stringify
 * has already escaped C0 controls and lone surrogates, so a raw line break is its own indentation.
 */
export function printableJson(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent) as string | undefined;
  return (json ?? "null").replace(UNSAFE, (char) => (char === "\n" ? char : jsonEscape(char)));
}

function jsonEscape(char: string): string {
  let escaped = "";
  for (let index = 0; index < char.length; index++) escaped += `\\u${hex(char.charCodeAt(index), 4)}`;
  return escaped;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, "0");
}
