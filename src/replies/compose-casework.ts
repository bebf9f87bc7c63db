// The emails the support team's actions send (src/casework): a corrected form asked for, an
// answer, a rejection with the agent's reasons, the applicant told the form went back or the
// account is ready. Pure, like composeReplies: same templates, same view, threaded under the
// message the case is about; the agent's own words are plain text, escaped like any value.
import type { Decision } from "../rules/decide.ts";
import { renderReplies, replyView, type Addressee, type AnsweredMessage, type ReplySettings } from "./compose-replies.ts";
import type { ComposedReply, ReplyKind } from "./reply.ts";
import type { Templates } from "./templates.ts";

export interface CaseEmails {
  readonly to: readonly Addressee[];
  /** The form the case is about (or none), and the reasons the agent gave. */
  readonly decision: Pick<Decision, "form" | "findings" | "outcome">;
  /** The message the emails answer: they thread under it. */
  readonly answered: AnsweredMessage;
  readonly reference: string | null;
  /** What the agent wrote, as plain text; paragraphs are separated by a blank line. */
  readonly agentText?: string;
}

export function composeCaseEmails(input: CaseEmails, templates: Templates, settings: ReplySettings, newMessageId: (kind: ReplyKind) => string): ComposedReply[] {
  const agentText = input.agentText?.trim() ?? "";
  const view = {
    ...replyView(input, settings),
    agentText,
    agentParagraphs: agentText === "" ? [] : agentText.split(/\n\s*\n/u).map((paragraph) => paragraph.replace(/\s+/gu, " ").trim()),
  };
  return renderReplies(input.to, input, view, templates, newMessageId);
}
