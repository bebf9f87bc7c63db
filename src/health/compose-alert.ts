// The emails that tell the support team intake is failing, and that it has recovered.
// Pure: the assessment, the Message-ID and the settings come in from the caller.
import type { Assessment } from "./assess-health.ts";
import type { ReplySettings } from "../replies/compose-replies.ts";
import type { ComposedReply } from "../replies/reply.ts";
import type { ReplyView, Templates } from "../replies/templates.ts";

function viewOf(assessment: Assessment, settings: ReplySettings, openedAt: Date | null): ReplyView {
  return {
    ...assessment,
    openedAt: openedAt?.toISOString() ?? "",
    supportAddress: settings.supportAddress,
    formsUrl: settings.formsUrl,
  };
}

/** Intake is failing: one email per failing spell. */
export function composeHealthAlert(assessment: Assessment, templates: Templates, settings: ReplySettings, messageId: string): ComposedReply {
  return {
    kind: "support-alert",
    messageId,
    recipient: settings.supportAddress,
    inReplyTo: "",
    references: [],
    ...templates.render("support-alert", viewOf(assessment, settings, null)),
  };
}

/** Intake is healthy again; threaded under the alert email when there was one. */
export function composeRecoveryNotice(
  assessment: Assessment,
  alert: { readonly openedAt: Date; readonly emailMessageId: string | null },
  templates: Templates,
  settings: ReplySettings,
  messageId: string,
): ComposedReply {
  return {
    kind: "support-recovered",
    messageId,
    recipient: settings.supportAddress,
    inReplyTo: alert.emailMessageId ?? "",
    references: alert.emailMessageId ? [alert.emailMessageId] : [],
    ...templates.render("support-recovered", viewOf(assessment, settings, alert.openedAt)),
  };
}
