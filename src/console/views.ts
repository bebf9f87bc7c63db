// Renders the console's pages: nunjucks over the NHS design system's own macros
// (nhsuk-frontend's dist folder) and the console's templates, one folder per feature.
// Everything shown is escaped by nunjucks, and every string of a page's model is first made
// printable (src/printable.ts): no control, bidi or invisible character from a message or a
// form reaches a page, whichever template shows it.
import path from "node:path";
import nunjucks from "nunjucks";
import { printable, printableLines } from "../printable.ts";

export const CONSOLE_DIR = import.meta.dirname;
export const NHSUK_DIST = path.resolve(CONSOLE_DIR, "../../node_modules/nhsuk-frontend/dist");

export type PageModel = Readonly<Record<string, unknown>>;

export interface Views {
  render(template: string, model: PageModel): string;
}

/** Line breaks stay (a block of text), tabs become spaces; every other unsafe character an escape. */
function shownText(text: string): string {
  return printableLines(text.replace(/\r\n?/g, "\n").replace(/\t/g, "    "));
}

/** The model with every string in it made printable; dates, numbers and booleans as they are. */
export function printableModel(value: unknown): unknown {
  if (typeof value === "string") return shownText(value);
  if (Array.isArray(value)) return value.map(printableModel);
  if (value !== null && typeof value === "object") {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, printableModel(inner)]));
  }
  return value;
}

export function createViews(): Views {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([CONSOLE_DIR, NHSUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  environment.addFilter("printable", (value: unknown) => (typeof value === "string" ? printable(value) : value));
  return {
    render: (template, model) => environment.render(template, printableModel(model) as object),
  };
}
