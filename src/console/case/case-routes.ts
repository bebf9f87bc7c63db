// One case: everything needed to decide it, every action the casework offers as a form
// (emails previewed before they go), and its attachments as downloads, never shown inline.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { caseNumberOf, type CaseAction } from "../../requests/case-state.ts";
import { londonDay } from "../../directory/directory-dates.ts";
import type { ConsoleContext } from "../console-context.ts";
import { textField } from "../form-fields.ts";
import { notFound, sendPage, setNotice, takeNotice, type FormError } from "../page.ts";
import { safeNext } from "../signed-in.ts";
import { kindName } from "../words.ts";
import { actionValues, EMAILING_ACTIONS, isCaseAction, readAction, type ActionValues } from "./action-input.ts";
import { caseModel, previewEmails, type PreviewState } from "./case-view.ts";
import { attachmentHeaders } from "./download.ts";

interface Shown {
  readonly values?: ActionValues;
  readonly preview?: PreviewState;
  readonly failedAction?: CaseAction;
  readonly errors?: readonly FormError[];
}

async function showCase(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, id: number, shown: Shown = {}): Promise<FastifyReply> {
  const view = await context.casework.caseView(context.services, id);
  if (!view) return notFound(reply);
  const agent = request.person?.email ?? "";
  const model = caseModel(view, context.services.clock(), agent, shown.values ?? null, shown.preview ?? null, shown.failedAction ?? null);
  return sendPage(context, request, reply, "case/case.njk", {
    title: `Case ${id}`,
    section: "queue",
    back: { href: "/", text: "Cases" },
    notice: takeNotice(request),
    errors: shown.errors ?? [],
    case: model,
  }, (shown.errors ?? []).length > 0 ? 400 : 200);
}

/** What an action did, in a sentence for the banner on the next page. */
function doneSentence(action: CaseAction, result: { state: string; resolution: string | null; emails: readonly { kind: string; recipient: string }[]; notice: string | null }): string {
  const outcome = result.resolution ? `resolved: ${result.resolution}` : `now ${result.state}`;
  const emails = result.emails.length === 0 ? "No email was sent." : `${result.emails.length === 1 ? "1 email" : `${result.emails.length} emails`} queued: ${result.emails.map((e) => `${kindName(e.kind)} to ${e.recipient}`).join("; ")}.`;
  return `${kindName(action)}: the case is ${outcome}. ${emails}${result.notice ? ` ${result.notice}` : ""}`;
}

export function registerCase(app: FastifyInstance, context: ConsoleContext): void {
  app.get<{ Params: { id: string } }>("/cases/:id", async (request, reply) => {
    const id = caseNumberOf(request.params.id);
    return id === null ? notFound(reply) : showCase(context, request, reply, id);
  });

  app.post<{ Params: { id: string } }>("/cases/:id/act", async (request, reply) => {
    const id = caseNumberOf(request.params.id);
    const action = textField(request.body, "action", 40);
    if (id === null || !isCaseAction(action)) return notFound(reply);
    const values = actionValues(request.body);
    const reading = readAction(action, values, londonDay(context.services.clock()));
    if (!reading.ok) return showCase(context, request, reply, id, { values, failedAction: action, errors: reading.errors });
    const agent = { email: request.person?.email ?? "" };
    const intent = textField(request.body, "intent", 20);
    try {
      // An emailing action is shown first, unless this is the confirmation of what was shown.
      if (EMAILING_ACTIONS.includes(action) && intent !== "perform") {
        const emails = await context.casework.previewCaseEmails(context.services, id, agent, reading.input);
        return await showCase(context, request, reply, id, { values, preview: { action, emails: previewEmails(emails) } });
      }
      const result = await context.casework.performCaseAction(context.services, id, agent, reading.input);
      setNotice(request, doneSentence(action, result));
      const back = textField(request.body, "back", 200);
      return reply.redirect(back ? safeNext(back) : `/cases/${id}`, 303);
    } catch (error) {
      if (!context.casework.isInputError(error) && !context.casework.isAlreadyChanged(error)) throw error;
      const href = `#${action}`;
      return showCase(context, request, reply, id, { values, failedAction: action, errors: [{ text: (error as Error).message, href }] });
    }
  });

  app.get<{ Params: { id: string; index: string } }>("/cases/:id/attachments/:index", async (request, reply) => {
    const id = caseNumberOf(request.params.id);
    const index = /^\d{1,4}$/.test(request.params.index) ? Number(request.params.index) : null;
    if (id === null || index === null) return notFound(reply);
    const attachment = await context.casework.caseAttachment(context.services, id, index);
    if (!attachment) return notFound(reply);
    return reply.headers(attachmentHeaders(attachment.filename, index)).send(Buffer.from(attachment.bytes));
  });
}
