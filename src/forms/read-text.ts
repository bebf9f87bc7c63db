// Path 2: the values of a flattened or printed copy, from the positioned text of its pages.
// Text order in the content stream cannot be trusted (pdf-lib's flatten, like a print driver,
// draws every value after every label), so items are regrouped into lines by position and
// each value is read from the right of its label. It is read twice: from every glyph the
// pages draw, and from the glyphs a person can see (shown-text.ts); text-as-shown.ts compares.

import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { INVISIBLE, trimSpaces } from "../text-characters.ts";
import { FIELDS, FIELD_NAMES } from "./definitions.ts";
import type { FieldName } from "./definitions.ts";
import { printedClaims, valueClaim } from "./form-identity.ts";
import type { IdentityClaim } from "./form-identity.ts";
import { REQUIRED_MARK } from "./form-wording.ts";
import type { HiddenReason, ShownGlyph } from "./glyph-visibility.ts";
import type { FieldValues } from "./read-fields.ts";
import { hiddenReasons, itemsOf, showPages } from "./shown-text.ts";
import type { ShownPageText } from "./shown-text.ts";

export interface TextCell {
  readonly text: string;
  readonly x: number;
  readonly right: number;
}

export interface TextLine {
  /** Distance from the top of the page. */
  readonly y: number;
  readonly cells: readonly TextCell[];
}

export interface PageText {
  readonly lines: readonly TextLine[];
}

/** Items whose baselines differ by less than this share a line. */
const SAME_LINE = 3;
/** Items closer than this join one cell (one run of text); further apart, a new cell. */
const SAME_CELL = 5;
/** A multi-line value ends at a larger gap than this between lines. */
const MAX_LINE_GAP = 36;
/** A tick, as extracted: ZapfDingbats "4" (Acrobat's and our check style), ✔, X and the like. */
const MAX_MARK_LENGTH = 2;

/** What may follow a label in the same run: a space or colon, or an invisible character for validation to refuse. */
const VALUE_START = new RegExp(`^(?:[\\s:]|${INVISIBLE.source})`, "u");
/** The required marker our forms print right after a label: part of the label, not of the value. */
const MARKED_REQUIRED = new RegExp(`^\\s*\\${REQUIRED_MARK}(?=\\s|$)`, "u");

const LABELS: readonly { readonly name: FieldName; readonly label: string }[] = FIELD_NAMES.map((name) => ({
  name,
  label: FIELDS[name].label,
})).sort((a, b) => b.label.length - a.label.length);

interface Item {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

function toCells(items: readonly Item[]): TextCell[] {
  const cells: { text: string; x: number; right: number }[] = [];
  for (const item of [...items].sort((a, b) => a.x - b.x)) {
    const last = cells[cells.length - 1];
    const gap = last ? item.x - last.right : Infinity;
    if (last && gap < SAME_CELL) {
      last.text += gap > 1 ? ` ${item.text}` : item.text;
      last.right = Math.max(last.right, item.x + item.width);
    } else {
      cells.push({ text: item.text, x: item.x, right: item.x + item.width });
    }
  }
  // trimSpaces, not trim(): a byte order mark goes on to validation, which refuses it.
  return cells.map((cell) => ({ ...cell, text: trimSpaces(cell.text) })).filter((cell) => cell.text !== "");
}

/** Groups positioned items into lines, top to bottom, each line's cells left to right. */
export function linesOf(items: readonly Item[]): TextLine[] {
  const sorted = [...items].sort((a, b) => a.y - b.y);
  const groups: { y: number; items: Item[] }[] = [];
  for (const item of sorted) {
    const group = groups[groups.length - 1];
    if (group && Math.abs(item.y - group.y) < SAME_LINE) group.items.push(item);
    else groups.push({ y: item.y, items: [item] });
  }
  return groups.map((group) => ({ y: group.y, cells: toCells(group.items) })).filter((line) => line.cells.length > 0);
}

/** The pages' own content (not their annotations), as lines of the glyphs `keep` keeps. */
function pageTexts(pages: readonly ShownPageText[], keep: (glyph: ShownGlyph) => boolean): PageText[] {
  return pages.map((page) => ({ lines: linesOf(itemsOf(page.glyphs, (glyph) => glyph.annotation === null && keep(glyph), page.toView)) }));
}

/** The text of the first pages, as lines: every glyph drawn, seen or not. */
export async function readPageText(doc: PDFDocumentProxy): Promise<PageText[]> {
  return pageTexts(await showPages(doc, "content"), () => true);
}

interface LabelMatch {
  readonly name: FieldName;
  readonly cell: number;
  /** Text of the label's cell after the label (a producer may put label and value in one run). */
  readonly rest: string;
  /** A tick mark run together with the label, e.g. "4 Applicant declaration". */
  readonly mark: boolean;
}

function matchLabel(text: string, cell: number): LabelMatch | null {
  const markAndRest = /^(\S{1,2})\s+(.*)$/u.exec(text);
  const candidates: [string, boolean][] = [[text, false]];
  if (markAndRest?.[2] !== undefined) candidates.push([markAndRest[2], true]);
  for (const [candidate, mark] of candidates) {
    for (const { name, label } of LABELS) {
      if (!candidate.startsWith(label) || (mark && FIELDS[name].kind !== "checkbox")) continue;
      const rest = candidate.slice(label.length);
      if (rest === "" || VALUE_START.test(rest)) return { name, cell, rest: rest.replace(MARKED_REQUIRED, "").replace(/^[[\s--\uFEFF]:]+/v, ""), mark };
    }
  }
  return null;
}

function labelsIn(line: TextLine): LabelMatch[] {
  return line.cells.flatMap((cell, index) => matchLabel(cell.text, index) ?? []);
}

function continuation(lines: readonly TextLine[], from: number, labelRight: number): string[] {
  const found: string[] = [];
  let previousY = lines[from]?.y ?? 0;
  for (const line of lines.slice(from + 1)) {
    const first = line.cells[0];
    if (!first || first.x < labelRight || line.y - previousY > MAX_LINE_GAP || labelsIn(line).length > 0) break;
    found.push(line.cells.map((cell) => cell.text).join(" "));
    previousY = line.y;
  }
  return found;
}

/** Field values read from lines of text; the first occurrence of a label wins. */
export function valuesFromText(pages: readonly PageText[]): FieldValues {
  const values = new Map<FieldName, string | boolean>();
  for (const { lines } of pages) {
    lines.forEach((line, lineIndex) => {
      const matches = labelsIn(line);
      matches.forEach((match, i) => {
        if (values.has(match.name)) return;
        const previousEnd = i === 0 ? 0 : (matches[i - 1]?.cell ?? 0) + 1;
        const nextStart = matches[i + 1]?.cell ?? line.cells.length;
        const kind = FIELDS[match.name].kind;
        if (kind === "checkbox") {
          const before = line.cells.slice(previousEnd, match.cell);
          values.set(match.name, match.mark || before.some((cell) => cell.text.length <= MAX_MARK_LENGTH));
          return;
        }
        const after = line.cells.slice(match.cell + 1, nextStart).map((cell) => cell.text);
        const parts = [match.rest, ...after].filter((part) => part !== "");
        const labelRight = line.cells[match.cell]?.right ?? 0;
        const below = kind === "multiline" && i === matches.length - 1 ? continuation(lines, lineIndex, labelRight) : [];
        values.set(match.name, [parts.join(" "), ...below].filter((part) => part !== "").join("\n"));
      });
    });
  }
  return values;
}

export interface TextReading {
  readonly hasText: boolean;
  /** What the text holds: read from every glyph the pages draw, seen or not. */
  readonly values: FieldValues;
  /** What a person sees: read from the glyphs judged visible alone. */
  readonly shownValues: FieldValues;
  /** Why the glyphs not seen are not seen. */
  readonly hidden: readonly HiddenReason[];
  /** Which form the text says this is (its Form ID label, or the line every page prints): what is seen first. */
  readonly identityClaims: readonly IdentityClaim[];
}

/** The text of the pages' own content (annotations left out), as read and as seen. */
export function textReadingOf(pages: readonly ShownPageText[]): TextReading {
  const all = pageTexts(pages, () => true);
  const shown = pageTexts(pages, (glyph) => glyph.whitespace || glyph.hidden === null);
  const values = valuesFromText(all);
  const shownValues = valuesFromText(shown);
  const unseen = "text on its pages that cannot be seen";
  return {
    hasText: all.some((page) => page.lines.length > 0),
    values,
    shownValues,
    hidden: hiddenReasons(pages.flatMap((page) => page.glyphs.filter((glyph) => glyph.annotation === null))),
    identityClaims: [
      ...valueClaim(shownValues, "the Form ID printed on its pages", true),
      ...printedClaims(shown, "the line printed at the foot of its pages", true),
      ...valueClaim(values, unseen, false),
      ...printedClaims(all, unseen, false),
    ],
  };
}

export async function readTextValues(doc: PDFDocumentProxy): Promise<TextReading> {
  return textReadingOf(await showPages(doc, "content"));
}
