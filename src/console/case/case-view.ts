// What a case's page shows, from the casework's view of it: the reasons in plain words, the
// form as read, the sender evidence path by path, the email, the history, and which actions
// the case's state allows this agent. Pure.
import { AUTHORISER_ROLE_LABELS, AUTHORISER_ROLES } from "../../directory/authoriser-roles.ts";
import { refusalOf, type CaseAction, type CaseStanding } from "../../requests/case-state.ts";
import { REASONS } from "../../rules/reasons.ts";
import type { ComposedReply } from "../../replies/reply.ts";
import type { CaseSummary, CaseView } from "../casework-port.ts";
import { age, dateTime, size } from "../format.ts";
import { kindName, reasonName, tagOf } from "../words.ts";
import { EMAILING_ACTIONS, REJECTION_REASONS, type ActionValues } from "./action-input.ts";

const OUTCOME_WORDS = { proves: "Proves the sender", "does-not-prove": "Does not prove the sender", off: "Switched off" } as const;

/** Actions in the order the page offers them. */
const ACTION_ORDER: readonly CaseAction[] = ["claim", "accept", "reject", "ask-correction", "answer", "add-authoriser", "snooze", "dismiss"];

export function standingOf(view: CaseView): CaseStanding {
  return {
    id: view.summary.id,
    state: view.summary.state,
    claimedBy: view.summary.claimedBy,
    resolution: view.resolution,
    resolvedBy: view.resolvedBy,
    resolvedAt: view.resolvedAt,
  };
}

/** The actions this agent may take on the case now (claiming one's own claimed case is no action). */
export function allowedActions(view: CaseView, agent: string): CaseAction[] {
  const standing = standingOf(view);
  return ACTION_ORDER.filter((action) => refusalOf(action, standing, agent) === null).filter(
    (action) => !(action === "claim" && standing.state === "claimed" && standing.claimedBy === agent),
  );
}

export function summaryLine(summary: CaseSummary, now: Date) {
  return {
    id: summary.id,
    href: `/cases/${summary.id}`,
    state: tagOf(summary.state),
    reasons: summary.reasons.map(reasonName),
    from: summary.fromAddress ?? "no readable sender",
    subject: summary.subject ?? "(no subject)",
    reference: summary.requestReference,
    age: age(summary.openedAt, now),
    openedAt: dateTime(summary.openedAt),
    claimedBy: summary.claimedBy,
    snoozedUntil: summary.snoozedUntil,
  };
}

/** The emails an action would send, as a person reads them: recipient, subject, the text. */
export function previewEmails(emails: readonly ComposedReply[]) {
  return emails.map((email) => ({ kind: kindName(email.kind), to: email.recipient, subject: email.subject, text: email.text }));
}

export interface PreviewState {
  readonly action: CaseAction;
  readonly emails: ReturnType<typeof previewEmails>;
}

export function caseModel(view: CaseView, now: Date, agent: string, values: ActionValues | null, preview: PreviewState | null, failedAction: CaseAction | null) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const sender = view.sender;
  return {
    ...summaryLine(view.summary, now),
    resolution: view.resolution ? { text: view.resolution, by: view.resolvedBy ?? "intake", at: view.resolvedAt ? dateTime(view.resolvedAt) : "" } : null,
    reasons: view.reasons.map((reason) => ({ name: reasonName(reason.code), code: reason.code, sentence: reason.sentence, detail: reason.detail })),
    request: view.request
      ? { ...view.request, href: `/requests/${encodeURIComponent(view.request.reference)}`, status: tagOf(view.request.status) }
      : null,
    formRows: "fields" in view.form ? view.form.fields.map((field) => row(field.label, field.value === "" ? "(empty)" : field.value)) : null,
    formMissing: "missing" in view.form ? view.form.missing : null,
    sender: sender
      ? {
          from: sender.from ?? "none read",
          verdict: sender.proven ? `Proven by ${sender.provenBy ?? "an evidence path"}` : "Not proven",
          proven: sender.proven,
          detail: sender.detail,
          paths: sender.paths.map((path) => ({ path: path.path, outcome: OUTCOME_WORDS[path.outcome], proves: path.outcome === "proves", found: path.found, why: path.why })),
        }
      : null,
    email: view.email
      ? {
          headerRows: view.email.header.map((field) => row(field.name, field.value)),
          text: view.email.text,
          attachments: view.email.attachments.map((attachment) => ({
            href: `/cases/${view.summary.id}/attachments/${attachment.index}`,
            filename: attachment.filename || `attachment ${attachment.index + 1}`,
            type: attachment.contentType,
            size: size(attachment.sizeBytes),
          })),
        }
      : null,
    history: view.history.map((event) => ({ when: dateTime(event.at), actor: event.actor, event: event.event, note: event.note })),
    actions: allowedActions(view, agent),
    emailing: EMAILING_ACTIONS,
    values: values ?? { note: "", text: "", reasons: [], role: "", day: "", month: "", year: "" },
    openAction: preview?.action ?? failedAction,
    preview,
    rejectionReasons: REJECTION_REASONS.map((code) => ({ value: code, text: reasonName(code), hint: REASONS[code].sentence })),
    roles: AUTHORISER_ROLES.map((role) => ({ value: role, text: AUTHORISER_ROLE_LABELS[role] })),
  };
}
