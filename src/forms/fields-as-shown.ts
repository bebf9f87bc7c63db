// Path 1's check that each field the form reads is what its box on the page shows: a text
// field's value must be the text its widget visibly draws (whitespace aside), and a checkbox is
// ticked on the page exactly when the form holds it ticked, by its state and by its value. A
// widget that is hidden, has no size, lies off the page or draws its text out of sight shows
// nothing; two widgets of one field showing different things are ambiguous.

import { asSeen } from "../text-characters.ts";
import { FIELDS, IDENTITY_FIELDS, formDefinition } from "./definitions.ts";
import { describeHidden } from "./glyph-visibility.ts";
import type { ShownAnnotation } from "./glyph-visibility.ts";
import { readHeldTicks } from "./held-ticks.ts";
import type { HeldTick } from "./held-ticks.ts";
import { quoted } from "./quote-value.ts";
import type { FieldReading, FieldWidget } from "./read-fields.ts";
import { linesOf } from "./read-text.ts";
import type { FieldError, FormId } from "./registration-form.ts";
import { hiddenReasons, itemsOf } from "./shown-text.ts";
import type { ShownPageText } from "./shown-text.ts";
import type { Box } from "./plane.ts";

/** What one widget shows: not drawn at all, or the text it visibly draws and whether a mark is in its middle. */
type WidgetShows =
  | { readonly drawn: false; readonly why: string }
  | { readonly drawn: true; readonly text: string; readonly marked: boolean; readonly why: string | null };

interface DrawnWidget {
  readonly page: ShownPageText;
  readonly annotation: ShownAnnotation;
}

/** Boxes thinner than this (in points) show nothing. */
const MIN_BOX = 1;

function collapsed(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Equal as seen: but for whitespace (a line broken where the value had a space, or mid-word),
 * compatibility forms and invisible characters, which validation refuses on their own.
 */
function sameText(shown: string, held: string): boolean {
  const [seen, holding] = [asSeen(shown), asSeen(held)];
  return seen === holding || seen.replace(/\s/gu, "") === holding.replace(/\s/gu, "");
}

function boxProblem(rect: Box, crop: Box): string | null {
  if (rect[2] - rect[0] < MIN_BOX || rect[3] - rect[1] < MIN_BOX) return "its box has no size";
  if (rect[2] <= crop[0] || rect[0] >= crop[2] || rect[3] <= crop[1] || rect[1] >= crop[3]) return "its box is outside the page";
  return null;
}

function showsOf(widget: FieldWidget, drawn: ReadonlyMap<string, DrawnWidget>): WidgetShows {
  if (widget.hidden) return { drawn: false, why: "its box is marked hidden" };
  const found = drawn.get(widget.id);
  if (!found) return { drawn: false, why: widget.page < 0 ? "its box is on no page" : "nothing is drawn in its box" };
  const { page, annotation } = found;
  const glyphs = page.glyphs.filter((glyph) => glyph.annotation === widget.id);
  const lines = linesOf(itemsOf(glyphs, (glyph) => glyph.whitespace || glyph.hidden === null, page.toView));
  const text = lines.map((line) => line.cells.map((cell) => cell.text).join(" ")).join("\n");
  const hidden = hiddenReasons(glyphs);
  const why = boxProblem(annotation.rect, page.crop) ?? (hidden.length > 0 ? `its text is ${describeHidden(hidden)}` : null);
  return { drawn: true, text, marked: annotation.marked, why };
}

function whyNotShown(shows: readonly WidgetShows[], empty: string): string {
  const reasons = [...new Set(shows.map((show) => show.why ?? empty))];
  return reasons.length > 0 ? reasons.join("; ") : "it has no box on any page";
}

/** What a box shows, against what the form holds; a box showing the start of the value shows only part of it. */
function showsInstead(shown: string, held: string, why: string | null): string {
  const because = why ? ` (${why})` : "";
  const [visible, whole] = [collapsed(shown), collapsed(held)];
  if (visible !== "" && whole.startsWith(visible)) {
    return `shows only the first ${visible.length} of the ${whole.length} characters the form holds; the rest, ${quoted(whole.slice(visible.length).trim())}, is not shown${because}`;
  }
  return `shows ${quoted(visible)} where the form holds ${quoted(whole)}${because}`;
}

function textProblem(value: string, shows: readonly WidgetShows[]): string | null {
  const showing = shows.flatMap((show) => (show.drawn && collapsed(show.text) !== "" ? [show] : []));
  if (collapsed(value) === "") {
    const [first] = showing;
    return first ? `shows ${quoted(collapsed(first.text))} where the form holds nothing` : null;
  }
  const [wrong] = showing.filter((show) => !sameText(show.text, value));
  if (wrong && showing.length > 1 && showing.some((show) => sameText(show.text, value))) {
    return `shows ${quoted(collapsed(wrong.text))} in one box and ${quoted(collapsed(value))} in another`;
  }
  if (wrong) return showsInstead(wrong.text, value, wrong.why);
  if (showing.length === 0) return `holds ${quoted(collapsed(value))}, which the page does not show: ${whyNotShown(shows, "its box shows no text")}`;
  return null;
}

function tickProblem(ticked: boolean, shows: readonly WidgetShows[], held: boolean | null): string | null {
  const shown = shows.some((show) => show.drawn && show.marked);
  if (ticked && !shown) return `is ticked in the form, but the page shows no tick: ${whyNotShown(shows, "its box is drawn without a tick")}`;
  if (!ticked && shown) return "shows a tick, but the form holds none";
  if (held === null) return `shows ${ticked ? "a tick" : "no tick"}, but the value the form holds could not be read`;
  if (held !== ticked) return ticked ? "shows a tick, but the form's value is not ticked" : "holds a tick in its value that the page does not show";
  return null;
}

/** Every rendered widget of the first pages, by id (the first page drawing it wins). */
function drawnWidgets(pages: readonly ShownPageText[]): Map<string, DrawnWidget> {
  const drawn = new Map<string, DrawnWidget>();
  for (const page of pages) {
    for (const [id, annotation] of page.annotations) if (!drawn.has(id)) drawn.set(id, { page, annotation });
  }
  return drawn;
}

/**
 * The fields of the form (and a form ID or version field another producer added) whose value
 * is not what its page shows, each by its label. `pages`: drawn with their annotations' glyphs.
 */
export async function fieldsNotAsShown(pages: readonly ShownPageText[], bytes: Uint8Array, reading: FieldReading, formId: FormId): Promise<FieldError[]> {
  const drawn = drawnWidgets(pages);
  let heldTick: HeldTick | null = null;
  const problems: FieldError[] = [];
  for (const name of [...IDENTITY_FIELDS, ...formDefinition(formId).fields]) {
    const value = reading.values.get(name);
    const widgets = reading.widgets.get(name) ?? [];
    if (value === undefined) continue;
    const shows = widgets.map((widget) => showsOf(widget, drawn));
    let problem: string | null;
    if (typeof value === "boolean") {
      const box = widgets.find((widget) => widget.type === "checkbox");
      heldTick ??= box ? await readHeldTicks(bytes) : null;
      problem = tickProblem(value, shows, box && heldTick ? heldTick(box.id) : value);
    } else {
      problem = textProblem(value, shows);
    }
    if (problem) problems.push({ field: name, label: FIELDS[name].label, problem });
  }
  return problems;
}
