// Loads the editable reply templates (templates/<kind>/{subject,text,html}.hbs, and the
// shared partials templates/_<name>.{text,html}.hbs: the layout, footer and building blocks)
// once at start and renders them. HTML is escaped; text and subjects are not, and subjects
// lose any line breaks so a name on a form cannot add a header.
import { readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { REPLY_KINDS, type ReplyKind } from "./reply.ts";
import { partialFiles, partialsCalledBy, type TemplateEngineName } from "./template-partials.ts";

export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TemplateError";
  }
}

export interface RenderedReply {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type ReplyView = Readonly<Record<string, unknown>>;

export interface Templates {
  render(kind: ReplyKind, view: ReplyView): RenderedReply;
}

type Compiled = (view: ReplyView) => string;

function read(dir: string, file: string): string {
  const fullPath = path.join(dir, file);
  try {
    return readFileSync(fullPath, "utf8");
  } catch (error) {
    throw new TemplateError(`cannot read template ${fullPath}: ${(error as Error).message}`, { cause: error });
  }
}

/** Refuses a template that calls a partial the folder does not have, or that does not parse. */
function checkPartials(engine: typeof Handlebars, engineName: TemplateEngineName, source: string, name: string): void {
  let called: string[];
  try {
    called = partialsCalledBy(source);
  } catch (error) {
    throw new TemplateError(`template ${name} is not valid: ${(error as Error).message}`, { cause: error });
  }
  for (const partial of called) {
    if (!(partial in engine.partials)) {
      throw new TemplateError(`template ${name} uses the partial "${partial}", but there is no _${partial}.${engineName}.hbs`);
    }
  }
}

function compile(engine: typeof Handlebars, engineName: TemplateEngineName, source: string, name: string, noEscape: boolean): Compiled {
  checkPartials(engine, engineName, source, name);
  try {
    const template = engine.compile(source, { noEscape });
    template({}); // surface syntax errors at load time, not at the first reply
    return template;
  } catch (error) {
    throw new TemplateError(`template ${name} is not valid: ${(error as Error).message}`, { cause: error });
  }
}

export function loadTemplates(dir: string): Templates {
  const engines = { text: Handlebars.create(), html: Handlebars.create() };
  let partials: ReturnType<typeof partialFiles>;
  try {
    partials = partialFiles(dir);
  } catch (error) {
    throw new TemplateError(`cannot read the template folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const sources = partials.map((partial) => ({
    ...partial,
    // The file's final line break is not part of it: a link partial stays inside its sentence.
    source: read(dir, partial.file).replace(/\r?\n$/, ""),
  }));
  for (const partial of sources) engines[partial.engine].registerPartial(partial.name, partial.source);
  for (const partial of sources) checkPartials(engines[partial.engine], partial.engine, partial.source, partial.file);

  const compiled = new Map<ReplyKind, { subject: Compiled; text: Compiled; html: Compiled }>();
  for (const kind of REPLY_KINDS) {
    const folder = path.join(dir, kind);
    compiled.set(kind, {
      subject: compile(engines.text, "text", read(folder, "subject.hbs"), `${kind}/subject.hbs`, true),
      text: compile(engines.text, "text", read(folder, "text.hbs"), `${kind}/text.hbs`, true),
      html: compile(engines.html, "html", read(folder, "html.hbs"), `${kind}/html.hbs`, false),
    });
  }

  return {
    render(kind, view) {
      const template = compiled.get(kind);
      if (!template) throw new TemplateError(`no template for ${kind}`);
      return {
        subject: template.subject(view).replace(/[\r\n]+/g, " ").replace(/\s+/g, " ").trim(),
        text: template.text(view),
        html: template.html(view),
      };
    },
  };
}
