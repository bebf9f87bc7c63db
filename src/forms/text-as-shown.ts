// Path 2's check that each field read from a flattened or printed copy is what its page
// shows: the value read from every glyph drawn must be the value read from the glyphs a person
// can see. Hidden text inside a value, in place of a value, or competing with the visible one
// for the same label all make the two readings differ.

import { asSeen } from "../text-characters.ts";
import { FIELDS, IDENTITY_FIELDS, formDefinition } from "./definitions.ts";
import { describeHidden } from "./glyph-visibility.ts";
import { quoted } from "./quote-value.ts";
import type { TextReading } from "./read-text.ts";
import type { FieldError, FormId } from "./registration-form.ts";

function shownAs(value: string | boolean | undefined): string {
  if (value === undefined) return "nothing";
  if (typeof value === "boolean") return value ? "a tick" : "no tick";
  return value.trim() === "" ? "nothing" : quoted(value.replace(/\s+/gu, " ").trim());
}

function readAs(value: string | boolean | undefined): string {
  if (typeof value === "boolean") return value ? "ticked" : "not ticked";
  return shownAs(value);
}

/** The fields of the form whose text reading differs from what the page shows, each by its label. */
export function textNotAsShown(reading: TextReading, formId: FormId): FieldError[] {
  const why = reading.hidden.length > 0 ? ` (text on the page is ${describeHidden(reading.hidden)})` : "";
  return [...IDENTITY_FIELDS, ...formDefinition(formId).fields].flatMap((name) => {
    const held = reading.values.get(name);
    const shown = reading.shownValues.get(name);
    // Invisible characters and compatibility forms look alike on a page; validation refuses them on its own.
    if (held === shown || (typeof held === "string" && typeof shown === "string" && asSeen(held) === asSeen(shown))) return [];
    const partial = typeof held === "string" && typeof shown === "string" && shown.trim() !== "" && held.startsWith(shown);
    const problem =
      partial ?
        `is read from ${held.length} characters of text, of which the page shows only the first ${shown.length}; the rest, ${quoted(held.slice(shown.length).trim())}, is not shown${why}`
      : `is read as ${readAs(held)}, but the page shows ${shownAs(shown)}${why}`;
    return [{ field: name, label: FIELDS[name].label, problem }];
  });
}
