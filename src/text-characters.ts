// Characters that let text read as something other than what it shows: controls, invisible and
// direction-changing characters, code points with no agreed glyph. Forms refuse them and the
// comparison of people ignores the invisible ones, so both read from these one classes.

/** C0 and C1 controls, line and paragraph separators: never part of one line of text. */
export const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/** The same, less the tab and line breaks a multi-line value may carry. */
export const CONTROL_BUT_LINE_BREAKS = /[[\p{Cc}\p{Zl}\p{Zp}]--[\t\n\r]]/v;

/**
 * Invisible and format characters: every Default_Ignorable_Code_Point and general category Cf
 * (soft hyphen, zero-width spaces and joiners, bidirectional controls, word joiners, byte order
 * mark, Hangul fillers, variation selectors, tags), and the blank Braille pattern, which is
 * drawn as nothing without being a space.
 */
export const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/u;

const INVISIBLE_EVERYWHERE = new RegExp(INVISIBLE.source, "gu");

/** Private-use, unassigned and lone surrogate code points: nobody can say what they look like. */
export const NO_AGREED_GLYPH = /[\p{Co}\p{Cn}\p{Cs}]/u;

/** Spaces at either end, as String.trim() takes them, but not U+FEFF: that one is refused, not dropped. */
const EDGE_SPACES = /^[\s--\uFEFF]+|[\s--\uFEFF]+$/gv;

export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE_EVERYWHERE, "");
}

export function trimSpaces(text: string): string {
  return text.replace(EDGE_SPACES, "");
}

/**
 * Text as a reader sees it: compatibility forms folded (NFKC), nothing invisible, whitespace as
 * single spaces. Two texts equal in this form look the same on a page.
 */
export function asSeen(text: string): string {
  return withoutInvisible(text.normalize("NFKC")).replace(/\s+/gu, " ").trim();
}
