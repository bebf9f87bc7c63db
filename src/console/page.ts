// Renders a page of the console with what every page has: the person signed in, the CSRF
// token for its forms, the CSP nonce, and which section of the navigation it belongs to.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ConsoleContext } from "./console-context.ts";
import { mayAdminister } from "../staff/roles.ts";
import type { PageModel } from "./views.ts";

/** One problem with a form: shown in the error summary, linked to its field, and beside the field. */
export interface FormError {
  readonly text: string;
  /** "#" and the id of the field. */
  readonly href: string;
}

/** The first error of each field, by field id, for the field's own error message. */
function fieldErrors(errors: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  if (!Array.isArray(errors)) return byField;
  for (const error of errors as FormError[]) byField[error.href.slice(1)] ??= error.text;
  return byField;
}

export type Section = "queue" | "requests" | "dashboard" | "admin" | null;

export function sendPage(
  context: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  model: PageModel & { readonly title: string; readonly section?: Section },
  status = 200,
): FastifyReply {
  const person = request.person;
  const html = context.views.render(template, {
    ...model,
    section: model.section ?? null,
    fieldErrors: fieldErrors(model.errors),
    person: person ? { email: person.email, name: person.name, role: person.role, admin: mayAdminister(person.role) } : null,
    csrfToken: reply.generateCsrf(),
    cspNonce: reply.cspNonce.script,
  });
  return reply.code(status).type("text/html; charset=utf-8").send(html);
}

/** A one-off message for the next page (after a form is done): shown once, then gone. */
export function setNotice(request: FastifyRequest, text: string): void {
  request.session.set("notice", text);
}

export function takeNotice(request: FastifyRequest): string | null {
  const notice = request.session.get("notice");
  if (notice) request.session.set("notice", undefined);
  return notice ?? null;
}

/** The console's "page not found", from any route. */
export function notFound(reply: FastifyReply): FastifyReply {
  notFound(reply);
  return reply;
}
