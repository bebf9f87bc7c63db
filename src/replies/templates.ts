// Loads the editable reply templates (templates/<kind>/{subject,text,html}.hbs) once at
// start and renders them. HTML is escaped; text and subjects are not, and subjects lose
// any line breaks so a name on a form cannot add a header.
import { readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { REPLY_KINDS, type ReplyKind } from "./reply.ts";

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

function compile(engine: typeof Handlebars, source: string, name: string, noEscape: boolean): Compiled {
  try {
    const template = engine.compile(source, { noEscape });
    template({}); // surface syntax errors at load time, not at the first reply
    return template;
  } catch (error) {
    throw new TemplateError(`template ${name} is not valid: ${(error as Error).message}`, { cause: error });
  }
}

export function loadTemplates(dir: string): Templates {
  const textEngine = Handlebars.create();
  const htmlEngine = Handlebars.create();
  textEngine.registerPartial("footer", read(dir, "_footer.text.hbs"));
  htmlEngine.registerPartial("footer", read(dir, "_footer.html.hbs"));

  const compiled = new Map<ReplyKind, { subject: Compiled; text: Compiled; html: Compiled }>();
  for (const kind of REPLY_KINDS) {
    const folder = path.join(dir, kind);
    compiled.set(kind, {
      subject: compile(textEngine, read(folder, "subject.hbs"), `${kind}/subject.hbs`, true),
      text: compile(textEngine, read(folder, "text.hbs"), `${kind}/text.hbs`, true),
      html: compile(htmlEngine, read(folder, "html.hbs"), `${kind}/html.hbs`, false),
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
