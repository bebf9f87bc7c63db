// Where everything goes on the pages of a form, computed from its definition and nothing else
// (text widths come from a measure function). Each single-line value sits on the same line as
// its label, so the text of a flattened or printed copy reads "label  value" line by line.

import { FIELDS, FORM_VERSION, SECTION_HEADINGS, fieldHint } from "./definitions.ts";
import type { FieldKind, FieldName, FormDefinition, SectionId } from "./definitions.ts";

export type Measure = (text: string, size: number, bold: boolean) => number;

export interface PlacedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly bold: boolean;
  readonly grey: boolean;
}

export interface PlacedField {
  readonly name: FieldName;
  readonly kind: FieldKind;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PageLayout {
  readonly texts: readonly PlacedText[];
  readonly fields: readonly PlacedField[];
}

export interface FormLayout {
  readonly pageSize: readonly [number, number];
  readonly pages: readonly PageLayout[];
}

const PAGE: readonly [number, number] = [595.28, 841.89];
const LEFT = 50;
const RIGHT = 545;
const TOP = 790;
const BOTTOM = 60;
const VALUE_X = 200;
const BOX_HEIGHT = 18;
const MULTILINE_HEIGHT = 110;
const CHECKBOX_SIZE = 11;
const STATEMENT_X = 68;

/** Something drawn at a baseline, `height` points tall from the line above it. */
interface Block {
  readonly height: number;
  readonly draw: (baseline: number) => { texts: PlacedText[]; fields: PlacedField[] };
}

function text(content: string, x: number, y: number, size: number, style: { bold?: boolean; grey?: boolean } = {}): PlacedText {
  return { text: content, x, y, size, bold: style.bold ?? false, grey: style.grey ?? false };
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

function paragraph(content: string, x: number, size: number, measure: Measure, style: { bold?: boolean; grey?: boolean } = {}): Block {
  const lines = wrap(content, RIGHT - x, size, style.bold ?? false, measure);
  const leading = size + 3;
  return {
    height: lines.length * leading,
    draw: (baseline) => ({ texts: lines.map((line, i) => text(line, x, baseline - i * leading, size, style)), fields: [] }),
  };
}

function spacer(height: number): Block {
  return { height, draw: () => ({ texts: [], fields: [] }) };
}

function textFieldRow(name: FieldName, hint: string | null): Block {
  return {
    height: 26 + (hint ? 10 : 0),
    draw: (baseline) => ({
      texts: [
        text(FIELDS[name].label, LEFT, baseline, 10),
        ...(hint ? [text(hint, VALUE_X, baseline - 16, 8, { grey: true })] : []),
      ],
      fields: [{ name, kind: "text", x: VALUE_X, y: baseline - 5, width: RIGHT - VALUE_X, height: BOX_HEIGHT }],
    }),
  };
}

function multilineRow(name: FieldName): Block {
  return {
    height: MULTILINE_HEIGHT + 12,
    draw: (baseline) => ({
      texts: [text(FIELDS[name].label, LEFT, baseline, 10)],
      fields: [{ name, kind: "multiline", x: VALUE_X, y: baseline + 13 - MULTILINE_HEIGHT, width: RIGHT - VALUE_X, height: MULTILINE_HEIGHT }],
    }),
  };
}

function checkboxRow(name: FieldName, measure: Measure): Block {
  const statement = wrap(FIELDS[name].statement ?? "", RIGHT - STATEMENT_X, 9, false, measure);
  return {
    height: 20 + statement.length * 12,
    draw: (baseline) => ({
      texts: [
        text(FIELDS[name].label, STATEMENT_X, baseline, 10, { bold: true }),
        ...statement.map((line, i) => text(line, STATEMENT_X, baseline - 13 - i * 12, 9)),
      ],
      fields: [{ name, kind: "checkbox", x: LEFT, y: baseline - 2, width: CHECKBOX_SIZE, height: CHECKBOX_SIZE }],
    }),
  };
}

function heading(section: SectionId): Block {
  return {
    height: 30,
    draw: (baseline) => ({ texts: [text(SECTION_HEADINGS[section], LEFT, baseline, 12, { bold: true })], fields: [] }),
  };
}

function instructions(definition: FormDefinition): string[] {
  const common = [
    "Fill in this form on screen and keep it as a PDF. Do not print and scan it: a scanned form cannot be read.",
    "Fields marked Optional may be left blank; all other fields are required.",
  ];
  if (definition.authorisedBy === null) {
    return [...common, "No authorisation is needed: email the completed form from your own NHS email account."];
  }
  return [
    ...common,
    `This access must be authorised by ${definition.authorisedBy}.`,
    "Send the completed form to your authoriser, who completes the authorisation section and emails the form from their own email account.",
    "We cannot accept registration forms authorised by the same person who is requesting access.",
  ];
}

/** The blocks of one form, top to bottom; a heading is kept on the page of the block after it. */
function blocks(definition: FormDefinition, measure: Measure): Block[][] {
  const intro: Block[] = [
    paragraph(definition.title, LEFT, 16, measure, { bold: true }),
    spacer(4),
    paragraph(definition.access, LEFT, 10, measure),
    paragraph(`For: ${definition.organisationType ?? "anyone working for the NHS, NHSBSA or an approved organisation"}.`, LEFT, 10, measure),
    spacer(6),
    ...instructions(definition).map((line) => paragraph(`\u2022 ${line}`, LEFT, 9, measure)),
    spacer(6),
  ];
  const groups: Block[][] = [intro];
  let section: SectionId | null = null;
  for (const name of definition.fields) {
    const field = FIELDS[name];
    const row =
      field.kind === "checkbox"
        ? checkboxRow(name, measure)
        : field.kind === "multiline"
          ? multilineRow(name)
          : textFieldRow(name, fieldHint(definition, name));
    if (field.section === section) {
      groups.push([row]);
      continue;
    }
    section = field.section;
    const prompt = name === "justification" && definition.justificationPrompt ? [paragraph(definition.justificationPrompt, LEFT, 9, measure), spacer(8)] : [];
    groups.push([heading(section), ...prompt, row]);
  }
  return groups;
}

export function layoutForm(definition: FormDefinition, measure: Measure): FormLayout {
  let page: { texts: PlacedText[]; fields: PlacedField[] } = { texts: [], fields: [] };
  const pages = [page];
  let cursor = TOP;
  for (const group of blocks(definition, measure)) {
    const height = group.reduce((sum, block) => sum + block.height, 0);
    if (cursor - height < BOTTOM) {
      page = { texts: [], fields: [] };
      pages.push(page);
      cursor = TOP;
    }
    for (const block of group) {
      const drawn = block.draw(cursor);
      page.texts.push(...drawn.texts);
      page.fields.push(...drawn.fields);
      cursor -= block.height;
    }
  }
  const footer = (index: number) =>
    text(`${definition.id} version ${FORM_VERSION}, page ${index + 1} of ${pages.length}`, LEFT, 30, 8, { grey: true });
  return {
    pageSize: PAGE,
    pages: pages.map((placed, index) => ({ texts: [...placed.texts, footer(index)], fields: placed.fields })),
  };
}
