// Where everything goes on the pages of a form, computed from its definition and wording alone
// (text widths come from a measure function). Each single-line value sits on the same line as
// its label, so the text of a flattened or printed copy reads "label  value" line by line. A
// section is never split across pages, and the sections are shared out so no page is mostly empty.

import { FIELDS, FORM_VERSION, SECTION_HEADINGS, askedAsRequired } from "./definitions.ts";
import type { FieldKind, FieldName, FormDefinition, SectionId } from "./definitions.ts";
import { printedIdentity } from "./form-identity.ts";
import { REQUIRED_MARK, hintOn } from "./form-wording.ts";
import type { FormWording } from "./form-wording.ts";

export type Measure = (text: string, size: number, bold: boolean) => number;

/** NHS colours by use: body text, secondary text, text on the blue band, NHS blue, the required marker. */
export type Tone = "body" | "secondary" | "inverse" | "brand" | "required";

export interface PlacedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly bold: boolean;
  readonly tone: Tone;
}

export interface PlacedField {
  readonly name: FieldName;
  readonly kind: FieldKind;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A filled rectangle: the NHS blue band, a panel's grey ground, its blue edge, a rule under a heading. */
export interface PlacedShape {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fill: "brand" | "panel" | "rule";
}

export interface PageLayout {
  readonly shapes: readonly PlacedShape[];
  readonly texts: readonly PlacedText[];
  readonly fields: readonly PlacedField[];
  /** The sections this page holds, whole. */
  readonly sections: readonly SectionId[];
  /** How much of the page's room for content is used, 0..1. */
  readonly filled: number;
}

export interface FormLayout {
  readonly pageSize: readonly [number, number];
  readonly pages: readonly PageLayout[];
}

const PAGE: readonly [number, number] = [595.28, 841.89];
/** The band and panels reach this far out; text and boxes stay inside LEFT..RIGHT. */
const EDGE_LEFT = 36;
const EDGE_RIGHT = 559;
const LEFT = 48;
const RIGHT = 547;
const BAND_TOP = 806;
const FIRST_BAND_HEIGHT = 66;
const BAND_HEIGHT = 30;
/** Room between the band and the first line, and the lowest a line of content may go. */
const BAND_GAP = 24;
const BOTTOM = 48;
const FOOTER_Y = 26;
const VALUE_X = 206;
const BOX_HEIGHT = 18;
const MULTILINE_HEIGHT = 110;
const CHECKBOX_SIZE = 11;
const STATEMENT_X = LEFT + 18;
const SECTION_GAP = 16;
const PANEL_PADDING = 10;
const STEP_INDENT = 14;

/** Something drawn from a top line downwards, `height` points tall. */
interface Block {
  readonly height: number;
  readonly draw: (top: number) => Drawn;
}

interface Drawn {
  readonly shapes: PlacedShape[];
  readonly texts: PlacedText[];
  readonly fields: PlacedField[];
}

/** Blocks kept together on one page: the opening, a section, the return instructions. */
interface Group {
  readonly section: SectionId | null;
  readonly blocks: readonly Block[];
}

const nothing = (): Drawn => ({ shapes: [], texts: [], fields: [] });

function text(content: string, x: number, y: number, size: number, style: { bold?: boolean; tone?: Tone } = {}): PlacedText {
  return { text: content, x, y, size, bold: style.bold ?? false, tone: style.tone ?? "body" };
}

function wrap(content: string, width: number, size: number, bold: boolean, measure: Measure): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of content.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (line !== "" && measure(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function leadingOf(size: number): number {
  return Math.round(size * 1.35 * 10) / 10;
}

/** Lines of one style; `height` includes the space below the last line. */
function paragraph(content: string, x: number, right: number, size: number, measure: Measure, style: { bold?: boolean; tone?: Tone } = {}): Block {
  const lines = wrap(content, right - x, size, style.bold ?? false, measure);
  const leading = leadingOf(size);
  return {
    height: lines.length * leading,
    draw: (top) => ({ ...nothing(), texts: lines.map((line, i) => text(line, x, top - size - i * leading, size, style)) }),
  };
}

function spacer(height: number): Block {
  return { height, draw: nothing };
}

function stack(blocks: readonly Block[]): Block {
  return {
    height: blocks.reduce((sum, block) => sum + block.height, 0),
    draw: (top) => {
      const drawn = nothing();
      let cursor = top;
      for (const block of blocks) {
        const part = block.draw(cursor);
        drawn.shapes.push(...part.shapes);
        drawn.texts.push(...part.texts);
        drawn.fields.push(...part.fields);
        cursor -= block.height;
      }
      return drawn;
    },
  };
}

/** A label, with the required marker after it when the field must be filled in. */
function label(name: FieldName, x: number, baseline: number, measure: Measure, bold: boolean): PlacedText[] {
  const field = FIELDS[name];
  const placed = [text(field.label, x, baseline, 10, { bold })];
  if (askedAsRequired(field)) {
    placed.push(text(REQUIRED_MARK, x + measure(`${field.label} `, 10, bold), baseline, 10, { bold: true, tone: "required" }));
  }
  return placed;
}

function boxRow(name: FieldName, kind: FieldKind, hint: string | null, measure: Measure): Block {
  const hintLines = hint ? wrap(hint, RIGHT - VALUE_X, 8, false, measure) : [];
  return {
    height: 26 + hintLines.length * 10,
    draw: (top) => {
      const baseline = top - 15;
      return {
        shapes: [],
        texts: [...label(name, LEFT, baseline, measure, false), ...hintLines.map((line, i) => text(line, VALUE_X, baseline - 16 - i * 10, 8, { tone: "secondary" }))],
        fields: [{ name, kind, x: VALUE_X, y: baseline - 5, width: RIGHT - VALUE_X, height: BOX_HEIGHT }],
      };
    },
  };
}

function multilineRow(name: FieldName, measure: Measure): Block {
  return {
    height: MULTILINE_HEIGHT + 8,
    draw: (top) => {
      const baseline = top - 15;
      return {
        shapes: [],
        texts: label(name, LEFT, baseline, measure, false),
        fields: [{ name, kind: "multiline", x: VALUE_X, y: baseline + 13 - MULTILINE_HEIGHT, width: RIGHT - VALUE_X, height: MULTILINE_HEIGHT }],
      };
    },
  };
}

function checkboxRow(name: FieldName, measure: Measure): Block {
  const statement = wrap(FIELDS[name].statement ?? "", RIGHT - STATEMENT_X, 9, false, measure);
  return {
    height: 24 + statement.length * 12,
    draw: (top) => {
      const baseline = top - 15;
      return {
        shapes: [],
        texts: [...label(name, STATEMENT_X, baseline, measure, true), ...statement.map((line, i) => text(line, STATEMENT_X, baseline - 13 - i * 12, 9))],
        fields: [{ name, kind: "checkbox", x: LEFT, y: baseline - 2, width: CHECKBOX_SIZE, height: CHECKBOX_SIZE }],
      };
    },
  };
}

function heading(content: string): Block {
  return {
    height: 28,
    draw: (top) => ({
      shapes: [{ x: LEFT, y: top - 22, width: RIGHT - LEFT, height: 0.8, fill: "rule" }],
      texts: [text(content, LEFT, top - 15, 12.5, { bold: true })],
      fields: [],
    }),
  };
}

/** Numbered lines inside a grey panel with a blue edge (the NHS "inset text"). */
function panel(title: string, lines: readonly string[], measure: Measure): Block {
  const x = LEFT + PANEL_PADDING;
  const steps = lines.map((line, i) => ({ number: `${i + 1}.`, body: wrap(line, RIGHT - PANEL_PADDING - x - STEP_INDENT, 9.5, false, measure) }));
  const leading = leadingOf(9.5);
  const height = PANEL_PADDING * 2 + 18 + steps.reduce((sum, step) => sum + step.body.length * leading + 3, 0);
  return {
    height,
    draw: (top) => {
      const texts = [text(title, x, top - PANEL_PADDING - 11, 11, { bold: true })];
      let baseline = top - PANEL_PADDING - 18 - 9.5;
      for (const step of steps) {
        texts.push(text(step.number, x, baseline, 9.5, { bold: true }));
        step.body.forEach((line, i) => texts.push(text(line, x + STEP_INDENT, baseline - i * leading, 9.5)));
        baseline -= step.body.length * leading + 3;
      }
      return {
        shapes: [
          { x: EDGE_LEFT, y: top - height, width: EDGE_RIGHT - EDGE_LEFT, height, fill: "panel" },
          { x: EDGE_LEFT, y: top - height, width: 4, height, fill: "brand" },
        ],
        texts,
        fields: [],
      };
    },
  };
}

function fieldRow(definition: FormDefinition, name: FieldName, measure: Measure): Block {
  const field = FIELDS[name];
  if (field.kind === "checkbox") return checkboxRow(name, measure);
  if (field.kind === "multiline") return multilineRow(name, measure);
  return boxRow(name, field.kind, hintOn(definition, name), measure);
}

function opening(definition: FormDefinition, wording: FormWording, measure: Measure): Group {
  const forWhom = definition.organisationType ?? "anyone working for the NHS, NHSBSA or an approved organisation";
  return {
    section: null,
    blocks: [
      paragraph(definition.access, LEFT, RIGHT, 10, measure),
      spacer(2),
      paragraph(`This form is for: ${forWhom}.`, LEFT, RIGHT, 10, measure),
      spacer(10),
      panel("How to complete and return this form", wording.steps, measure),
    ],
  };
}

function sections(definition: FormDefinition, wording: FormWording, measure: Measure): Group[] {
  const groups: { section: SectionId; blocks: Block[] }[] = [];
  for (const name of definition.fields) {
    const section = FIELDS[name].section;
    if (section === null) continue;
    let group = groups.at(-1);
    if (group?.section !== section) {
      group = { section, blocks: [heading(`${groups.length + 1}. ${SECTION_HEADINGS[section]}`)] };
      if (section === "authoriser" && wording.authorisation) group.blocks.push(paragraph(wording.authorisation, LEFT, RIGHT, 9.5, measure), spacer(2));
      if (section === "justification" && definition.justificationPrompt) group.blocks.push(paragraph(definition.justificationPrompt, LEFT, RIGHT, 9.5, measure), spacer(4));
      groups.push(group);
    }
    group.blocks.push(fieldRow(definition, name, measure));
  }
  return groups;
}

function closing(wording: FormWording, measure: Measure): Group {
  return {
    section: null,
    blocks: [
      heading("Returning this form, and what happens next"),
      paragraph(wording.returnTo, LEFT, RIGHT, 10, measure),
      spacer(2),
      paragraph(wording.returnAddress, LEFT, RIGHT, 12, measure, { bold: true, tone: "brand" }),
      spacer(6),
      ...wording.next.map((line) => stack([paragraph(line, LEFT, RIGHT, 9.5, measure), spacer(3)])),
    ],
  };
}

function band(definition: FormDefinition, first: boolean, measure: Measure): Drawn {
  const service = "ePACT2 registration";
  const organisation = "NHS Business Services Authority";
  const title = definition.title.replace(/^ePACT2: /u, "");
  const height = first ? FIRST_BAND_HEIGHT : BAND_HEIGHT;
  const x = EDGE_LEFT + 14;
  const right = (content: string, size: number, y: number) => text(content, EDGE_RIGHT - 14 - measure(content, size, false), y, size, { tone: "inverse" });
  const texts =
    first ?
      [text(service, x, BAND_TOP - 20, 11, { bold: true, tone: "inverse" }), right(organisation, 9, BAND_TOP - 20), text(title, x, BAND_TOP - 48, 19, { bold: true, tone: "inverse" })]
    : [text(`${service}: ${title}`, x, BAND_TOP - 19, 10, { bold: true, tone: "inverse" }), right(organisation, 9, BAND_TOP - 19)];
  return { shapes: [{ x: EDGE_LEFT, y: BAND_TOP - height, width: EDGE_RIGHT - EDGE_LEFT, height, fill: "brand" }], texts, fields: [] };
}

function footer(definition: FormDefinition, page: number, pages: number, measure: Measure): PlacedText[] {
  const pageText = `Page ${page} of ${pages}`;
  return [
    text(printedIdentity({ formId: definition.id, version: FORM_VERSION }), LEFT, FOOTER_Y, 8, { tone: "secondary" }),
    text(pageText, RIGHT - measure(pageText, 8, false), FOOTER_Y, 8, { tone: "secondary" }),
  ];
}

function contentTop(first: boolean): number {
  return BAND_TOP - (first ? FIRST_BAND_HEIGHT : BAND_HEIGHT) - BAND_GAP;
}

function roomOn(page: number): number {
  return contentTop(page === 0) - BOTTOM;
}

function heightOf(groups: readonly Group[]): number {
  return groups.reduce((sum, group, i) => sum + (i > 0 ? SECTION_GAP : 0) + group.blocks.reduce((h, block) => h + block.height, 0), 0);
}

/**
 * The groups shared out over the fewest pages they fit on, in order, each group whole; of the
 * ways to do that, the one whose emptiest page is fullest.
 */
function paginate(groups: readonly Group[]): Group[][] {
  for (let count = 1; count <= groups.length; count++) {
    let best: { pages: Group[][]; emptiest: number } | null = null;
    const tryFrom = (start: number, pages: Group[][]): void => {
      const page = pages.length;
      if (page === count - 1) {
        const last = groups.slice(start);
        if (last.length === 0 || heightOf(last) > roomOn(page)) return;
        const all = [...pages, last];
        const emptiest = Math.min(...all.map((p, i) => heightOf(p) / roomOn(i)));
        if (!best || emptiest > best.emptiest) best = { pages: all, emptiest };
        return;
      }
      for (let end = start + 1; end < groups.length; end++) {
        const slice = groups.slice(start, end);
        if (heightOf(slice) > roomOn(page)) break;
        tryFrom(end, [...pages, slice]);
      }
    };
    tryFrom(0, []);
    if (best) return (best as { pages: Group[][] }).pages;
  }
  throw new Error("a section of the form is taller than a page");
}

export function layoutForm(definition: FormDefinition, wording: FormWording, measure: Measure): FormLayout {
  const groups = [opening(definition, wording, measure), ...sections(definition, wording, measure), closing(wording, measure)];
  const paged = paginate(groups);
  return {
    pageSize: PAGE,
    pages: paged.map((pageGroups, index) => {
      const drawn = band(definition, index === 0, measure);
      const shapes = [...drawn.shapes];
      const texts = [...drawn.texts];
      const fields: PlacedField[] = [];
      let cursor = contentTop(index === 0);
      pageGroups.forEach((group, i) => {
        if (i > 0) cursor -= SECTION_GAP;
        const part = stack(group.blocks);
        const placed = part.draw(cursor);
        shapes.push(...placed.shapes);
        texts.push(...placed.texts);
        fields.push(...placed.fields);
        cursor -= part.height;
      });
      texts.push(...footer(definition, index + 1, paged.length, measure));
      return {
        shapes,
        texts,
        fields,
        sections: pageGroups.flatMap((group) => (group.section ? [group.section] : [])),
        filled: heightOf(pageGroups) / roomOn(index),
      };
    }),
  };
}
