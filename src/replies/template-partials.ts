// The shared partials of a template folder (_<name>.text.hbs, _<name>.html.hbs: the layout,
// the footer, the building blocks) and the check that every partial a template names exists:
// Handlebars renders the block of a missing `{{#> layout}}` bare instead of failing, so a
// folder without its layout would send unstyled email without a word of warning.
import { readdirSync } from "node:fs";
import Handlebars from "handlebars";

export type TemplateEngineName = "text" | "html";

export interface PartialFile {
  readonly name: string;
  readonly engine: TemplateEngineName;
  readonly file: string;
}

const PARTIAL_FILE = /^_([a-z][a-z0-9-]*)\.(text|html)\.hbs$/;

/** Every `_<name>.text.hbs` and `_<name>.html.hbs` in the folder. Throws when it cannot be read. */
export function partialFiles(dir: string): PartialFile[] {
  return readdirSync(dir).flatMap((file) => {
    const match = PARTIAL_FILE.exec(file);
    return match ? [{ name: match[1]!, engine: match[2] as TemplateEngineName, file }] : [];
  });
}

type PartialName = hbs.AST.PartialStatement["name"];

function nameOf(name: PartialName): string {
  // A partial chosen at render time could not be checked here: only fixed names are allowed.
  if (name.type !== "PathExpression") throw new Error("a partial's name must be written out, not computed");
  return name.original;
}

/** The partials a template calls, less those it defines inline and `@partial-block`. */
export function partialsCalledBy(source: string): string[] {
  const called = new Set<string>();
  const defined = new Set<string>();
  class Collector extends Handlebars.Visitor {
    override PartialStatement(partial: hbs.AST.PartialStatement): void {
      called.add(nameOf(partial.name));
      super.PartialStatement(partial);
    }
    override PartialBlockStatement(partial: hbs.AST.PartialBlockStatement): void {
      called.add(nameOf(partial.name));
      super.PartialBlockStatement(partial);
    }
    override DecoratorBlock(decorator: hbs.AST.DecoratorBlock): void {
      const [first] = decorator.params;
      if (first?.type === "StringLiteral") defined.add((first as hbs.AST.StringLiteral).value);
      super.DecoratorBlock(decorator);
    }
  }
  new Collector().accept(Handlebars.parse(source));
  return [...called].filter((name) => !name.startsWith("@") && !defined.has(name));
}
