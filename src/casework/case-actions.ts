// The support team's actions on a case, one function for the command line and the console.
// Each action is planned first (its input checked, the case's state asked, the emails composed:
// the console's preview is this plan), then committed in one transaction whose every case
// update is conditional on the version the plan saw, and only then are its emails delivered.
// Mail goes only to addresses that earned it: the verified sender of the message, and the
// applicant only where the rules would write to them (src/rules/reachable.ts).
import { deliverReplies } from "../outbox/delivery.ts";
import { judge, type Judgement } from "../intake/judge-message.ts";
import type { Services } from "../intake/intake-context.ts";
import { repliesFor, requestChangeOf } from "../intake/consequences.ts";
import { rolesNamedBy, type AuthoriserRole } from "../directory/authoriser-roles.ts";
import type { DirectoryEntry } from "../directory/directory-entry.ts";
import { londonDay } from "../directory/directory-dates.ts";
import { changeCase, caseMessages, findCase, type CaseChange, type CaseMessage, type CaseRecord } from "../records/cases.ts";
import type { Transaction } from "../records/database.ts";
import { recordRedecision } from "../records/decisions.ts";
import { saveDirectoryEntriesIn } from "../records/directory.ts";
import { findKeptMessage, type KeptMessage } from "../records/message-source.ts";
import { queueReplies } from "../records/replies.ts";
import { applyRequestChange } from "../records/requests.ts";
import { addressees, type AnsweredMessage } from "../replies/compose-replies.ts";
import { composeCaseEmails } from "../replies/compose-casework.ts";
import type { ComposedReply, ReplyKind } from "../replies/reply.ts";
import { refusalOf, type CaseAction, type CaseState, type Resolution } from "../requests/case-state.ts";
import { referenceOf, type RequestChange } from "../requests/request-change.ts";
import { STATUS_OF } from "../requests/request-status.ts";
import type { Decision } from "../rules/decide.ts";
import { NOBODY } from "../rules/reachable.ts";
import { REASONS, type ReasonCode } from "../rules/reasons.ts";
import { FORM_ROUTES } from "../forms/access-routes.ts";
import {
  CaseworkInputError,
  checkedAgent,
  MAX_AGENT_TEXT,
  MAX_NOTE,
  plainText,
  rejectionCodes,
  requiredText,
  snoozeDay,
  type Agent,
  type CaseActionInput,
} from "./action-input.ts";

/** Another agent (or the intake) changed the case first: nothing was done (exit code 1). */
export class CaseAlreadyChanged extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaseAlreadyChanged";
  }
}

export interface ActionResult {
  readonly caseId: number;
  readonly state: CaseState;
  readonly resolution: Resolution | null;
  /** The emails queued, delivered after the commit. */
  readonly emails: readonly { readonly kind: ReplyKind; readonly recipient: string }[];
  /** What the agent should know (e.g. that nobody was written to). */
  readonly notice: string | null;
}

/** Reasons that only a person confirming the sender can clear: accepting them needs a note of how. */
const SENDER_REASONS: readonly ReasonCode[] = ["SENDER_UNVERIFIED", "SENDER_NOT_APPLICANT", "SENDER_NOT_AUTHORISER"];

/** The case and the message it is about now: the latest one, read again from its kept copy where there is one. */
interface Subject {
  readonly record: CaseRecord;
  readonly message: CaseMessage;
  readonly kept: KeptMessage | null;
  /** The message judged again as it stands (no review): what it says, who may be written to; null when the action needs neither. */
  readonly judgement: Judgement | null;
}

/** The actions that need the message as it stands: its form, and who may be written to. */
const JUDGING: readonly CaseAction[] = ["reject", "ask-correction", "answer", "add-authoriser"];

/**
 * The case an agent acts on. Refused (and nothing read) when its state does not allow the
 * action; the kept message is examined again only for an action that needs it, never to claim,
 * snooze or dismiss.
 */
async function subjectOf(services: Services, caseId: number, action: CaseAction, agent: Agent, now: Date): Promise<Subject> {
  const record = await findCase(services.db, caseId);
  if (!record) throw new CaseworkInputError(`there is no case ${caseId}`);
  refuseUnlessAllowed(action, record, agent);
  const messages = await caseMessages(services.db, caseId);
  const message = messages.findLast((m) => m.kept) ?? messages.at(-1);
  if (!message) throw new CaseworkInputError(`case ${caseId} has no message`);
  const kept = message.kept ? await findKeptMessage(services.db, message.messageId) : null;
  const judgement = kept && JUDGING.includes(action) ? await judge(services, kept.raw, { receivedAt: now, excludeRequestId: kept.request?.id ?? null }) : null;
  return { record, message, kept, judgement };
}

function refuseUnlessAllowed(action: CaseAction, record: CaseRecord, agent: Agent): void {
  const refusal = refusalOf(action, record, agent.email);
  if (refusal === null) return;
  if (record.state === "resolved") throw new CaseAlreadyChanged(refusal);
  throw new CaseworkInputError(refusal);
}

/** The message answered, as the emails thread under it. */
function answeredOf(subject: Subject): AnsweredMessage {
  const details = subject.judgement?.details;
  return {
    messageId: subject.message.messageId,
    references: details?.references ?? [],
    subject: details?.subject ?? subject.message.subject,
    fromAddress: details?.fromAddress ?? subject.message.fromAddress,
    receivedAt: subject.message.receivedAt,
  };
}

/** The verified sender of the message, or null: nobody else is ever written to for it. */
function verifiedSender(subject: Subject): string | null {
  return subject.judgement?.decision.reachable.sender ?? null;
}

interface Plan {
  readonly action: CaseAction;
  readonly change: CaseChange;
  readonly emails: readonly ComposedReply[];
  readonly notice: string | null;
  /** Commits what the plan does besides the case change, in the same transaction. */
  readonly commit?: (tx: Transaction, at: Date) => Promise<void>;
  /** Accept and add-authoriser judge the message again: the judgement is recorded with the change. */
  readonly rejudge?: {
    readonly judgement: Judgement;
    readonly change: RequestChange;
    readonly suppressed: readonly ComposedReply[];
    readonly settles: boolean;
    readonly directory?: readonly DirectoryEntry[];
  };
}

function emailsFor(services: Services, subject: Subject, to: readonly { kind: ReplyKind; recipient: string }[], decision: Pick<Decision, "form" | "findings" | "outcome">, agentText?: string): ComposedReply[] {
  return composeCaseEmails(
    { to, decision, answered: answeredOf(subject), reference: subject.kept?.request?.reference ?? null, ...(agentText ? { agentText } : {}) },
    services.templates,
    services.replySettings,
    services.replyMessageId,
  );
}

/**
 * What judging the message again does to the requests: its request keeps its reference and
 * takes the new status; a form referred before any request was opened (its sender unproven)
 * opens one now, as the intake would have.
 */
function rejudgedChange(subject: Subject, judgement: Judgement): RequestChange {
  const request = subject.kept?.request ?? null;
  const status = STATUS_OF[judgement.decision.outcome];
  if (request && status) return { kind: "status", reference: request.reference, from: request.status, to: status };
  if (request) return { kind: "link", reference: request.reference };
  return requestChangeOf(judgement);
}

function requestStatusChange(subject: Subject, to: "authorised" | "rejected"): RequestChange | null {
  const request = subject.kept?.request;
  if (!request || request.status === to) return null;
  return { kind: "status", reference: request.reference, from: request.status, to };
}

async function plan(services: Services, subject: Subject, agent: Agent, input: CaseActionInput, now: Date): Promise<Plan> {
  const caseId = subject.record.id;
  const actor = agent.email;
  const reasons = subject.message.reasons.map((r) => r.code);

  switch (input.action) {
    case "claim":
      return { action: "claim", change: { state: "claimed", claimedBy: actor, event: "claimed", actor }, emails: [], notice: null };

    case "snooze": {
      const until = snoozeDay(input.until, londonDay(now));
      return { action: "snooze", change: { state: "snoozed", snoozedUntil: until, event: "snoozed", actor, detail: `until ${until}` }, emails: [], notice: null };
    }

    case "dismiss": {
      const note = requiredText(input.note, "a note saying why the case is dismissed", MAX_NOTE);
      return { action: "dismiss", change: { state: "resolved", resolution: "dismissed", event: "dismissed", actor, note }, emails: [], notice: null };
    }

    case "accept": {
      if (!subject.kept) throw new CaseworkInputError(`the message of case ${caseId} was not kept (over 4 MB): ask the sender for the form again`);
      const note = plainText(input.note, "the note", MAX_NOTE);
      const senderReason = reasons.find((code) => SENDER_REASONS.includes(code));
      if (senderReason && note === null) {
        throw new CaseworkInputError(`case ${caseId} was referred for ${senderReason}: a note saying how the sender was confirmed (e.g. a telephone call) is required`);
      }
      const review = {
        agent: actor,
        senderConfirmed: senderReason ? note : null,
        authoriserConfirmed: reasons.includes("AUTHORISER_NOT_RECOGNISED"),
        accessApproved: reasons.includes("NATIONAL_ACCESS_REVIEW"),
      };
      const judgement = await judge(services, subject.kept.raw, { receivedAt: now, excludeRequestId: subject.kept.request?.id ?? null, review });
      if (judgement.decision.outcome !== "accepted") {
        const why = judgement.decision.findings.map((f) => `${f.code}: ${REASONS[f.code].sentence}`).join("; ");
        throw new CaseworkInputError(`case ${caseId} cannot be accepted: ${why || judgement.decision.outcome}. Reject it or ask for a corrected form`);
      }
      const change = rejudgedChange(subject, judgement);
      const replies = await repliesFor(services, judgement, { messageId: subject.message.messageId, receivedAt: now }, referenceOf(change));
      return {
        action: "accept",
        change: { state: "resolved", resolution: "accepted", event: "accepted", actor, note, detail: reasons.join(",") || null },
        emails: replies.send,
        notice: null,
        rejudge: { judgement, change, suppressed: replies.suppressed, settles: true },
      };
    }

    case "reject": {
      const codes = rejectionCodes(input.reasons);
      const text = plainText(input.text, "the reason", MAX_AGENT_TEXT);
      if (codes.length === 0 && text === null) throw new CaseworkInputError("give at least one reason code or a reason in words");
      const sender = verifiedSender(subject);
      const decision: Decision = {
        outcome: "rejected",
        findings: codes.map((code) => ({ code })),
        form: subject.judgement?.decision.form ?? null,
        reachable: subject.judgement?.decision.reachable ?? NOBODY,
        ...(subject.judgement?.decision.senderProof ? { senderProof: subject.judgement.decision.senderProof } : {}),
      };
      const to = sender ? addressees({ decision, answered: answeredOf(subject), reference: subject.kept?.request?.reference ?? null }, services.replySettings) : [];
      const emails = emailsFor(services, subject, to, decision, text ?? undefined);
      const change = requestStatusChange(subject, "rejected");
      return {
        action: "reject",
        change: { state: "resolved", resolution: "rejected", event: "rejected", actor, note: text, detail: codes.join(",") || null },
        emails,
        notice: sender ? null : "The sender is not verified: nobody was written to.",
        commit: change ? (tx, at) => applyRequestChange(tx, change, subject.message.id, at).then(() => undefined) : undefined,
      };
    }

    case "ask-correction":
    case "answer": {
      const text = requiredText(input.text, input.action === "answer" ? "the answer" : "what to correct", MAX_AGENT_TEXT);
      const sender = verifiedSender(subject);
      if (!sender) throw new CaseworkInputError(`the sender of case ${caseId} is not verified: nobody can be written to. Reject or dismiss the case instead`);
      const kind = input.action === "answer" ? "answer" : "correction-request";
      const decision = { outcome: "flagged" as const, findings: [], form: subject.judgement?.decision.form ?? null };
      const emails = emailsFor(services, subject, [{ kind, recipient: sender }], decision, text);
      const change: CaseChange =
        input.action === "answer"
          ? { state: "resolved", resolution: "answered", event: "answered", actor, note: text }
          : { state: "waiting", event: "correction-asked", actor, note: text };
      return { action: input.action, change, emails, notice: null };
    }

    case "add-authoriser": {
      if (!reasons.includes("AUTHORISER_NOT_RECOGNISED")) throw new CaseworkInputError(`case ${caseId} was not referred for AUTHORISER_NOT_RECOGNISED: there is no authoriser to add`);
      const form = subject.judgement?.decision.form ?? null;
      const sender = verifiedSender(subject);
      if (!subject.kept || !form?.authoriser) throw new CaseworkInputError(`the form of case ${caseId} was not kept or names no authoriser`);
      if (!sender || sender !== form.authoriser.email.toLowerCase()) {
        throw new CaseworkInputError(`only an authoriser who sent the form from their own verified address is added: case ${caseId} was sent by ${sender ?? "an unverified sender"}`);
      }
      const role = authoriserRoleFor(input.role, form.authoriser.role, FORM_ROUTES[form.formId].authoriserRoles);
      const today = londonDay(now);
      const entries: DirectoryEntry[] = form.organisation.codes.map((code) => ({
        email: sender,
        name: form.authoriser?.name ?? "",
        role,
        organisationCode: code,
        validFrom: today,
        validTo: null,
      }));
      const judgement = await judge(services, subject.kept.raw, { receivedAt: now, excludeRequestId: subject.kept.request?.id ?? null, review: { agent: actor, senderConfirmed: null, authoriserConfirmed: true, accessApproved: false } });
      const change = rejudgedChange(subject, judgement);
      const replies = await repliesFor(services, judgement, { messageId: subject.message.messageId, receivedAt: now }, referenceOf(change));
      const resolved = judgement.decision.outcome === "accepted";
      return {
        action: "add-authoriser",
        change: resolved
          ? { state: "resolved", resolution: "accepted", event: "authoriser-added", actor, detail: `${sender} as ${role} for ${form.organisation.codes.join(",")}` }
          : { state: "open", event: "authoriser-added", actor, detail: `${sender} as ${role}; judged again: ${judgement.decision.findings.map((f) => f.code).join(",")}` },
        emails: replies.send,
        notice: resolved ? null : `The authoriser was added, but the form is still referred: ${judgement.decision.findings.map((f) => f.code).join(", ")}.`,
        rejudge: { judgement, change, suppressed: replies.suppressed, settles: true, directory: entries },
      };
    }
  }
}

function authoriserRoleFor(given: AuthoriserRole | undefined, written: string, allowed: readonly AuthoriserRole[]): AuthoriserRole {
  if (given) {
    if (!allowed.includes(given)) throw new CaseworkInputError(`${given} may not authorise this form; one of: ${allowed.join(", ")}`);
    return given;
  }
  const named = rolesNamedBy(written).filter((role) => allowed.includes(role));
  if (named.length !== 1) throw new CaseworkInputError(`the form's authoriser role "${written}" does not name one role: give the role (one of: ${allowed.join(", ")})`);
  return named[0] as AuthoriserRole;
}

async function commit(services: Services, subject: Subject, planned: Plan, now: Date): Promise<void> {
  const request = subject.kept?.request ?? null;
  const apply = async (tx: Transaction): Promise<void> => {
    if (!(await changeCase(tx, subject.record, planned.change, now))) {
      const latest = await findCase(tx, subject.record.id);
      const by = latest?.resolvedBy ?? latest?.claimedBy ?? "another agent";
      throw new CaseAlreadyChanged(
        latest?.state === "resolved"
          ? `case ${subject.record.id} is already resolved (${latest.resolution}) by ${by} at ${latest.resolvedAt?.toISOString()}`
          : `case ${subject.record.id} was changed by ${by} at ${latest?.updatedAt.toISOString()} while you were acting: look at it again`,
      );
    }
    await planned.commit?.(tx, now);
  };
  const { rejudge } = planned;
  if (rejudge) {
    const { judgement } = rejudge;
    const change = rejudge.change;
    await recordRedecision(
      services.db,
      {
        messageRowId: subject.message.id,
        outcome: judgement.decision.outcome,
        findings: judgement.decision.findings,
        senderProof: judgement.decision.senderProof,
        requestChange: change,
        replies: planned.emails,
        suppressedReplies: rejudge.suppressed,
        keepSource: judgement.decision.outcome === "flagged",
        at: now,
        caseSettledByAgent: rejudge.settles,
      },
      async (tx) => {
        if (rejudge.directory) await saveDirectoryEntriesIn(tx, rejudge.directory, now);
        await apply(tx);
      },
    );
    return;
  }
  await services.db.$transaction(async (tx) => {
    await apply(tx);
    await queueReplies(tx, planned.emails, { decisionId: null, inboundId: subject.message.id, requestId: request?.id ?? subject.record.requestId }, now);
  });
}

/** Does `input` to case `caseId` as `agent`: committed, then its emails delivered. */
export async function performCaseAction(services: Services, caseId: number, agentInput: Agent, input: CaseActionInput): Promise<ActionResult> {
  const agent = checkedAgent(agentInput.email);
  const now = services.clock();
  const subject = await subjectOf(services, caseId, input.action, agent, now);
  const planned = await plan(services, subject, agent, input, now);
  await commit(services, subject, planned, now);
  if (planned.emails.length > 0) await deliverReplies(services);
  services.log.info("case action", { caseId, action: input.action, agent: agent.email, state: planned.change.state });
  return {
    caseId,
    state: planned.change.state,
    resolution: planned.change.state === "resolved" ? (planned.change.resolution ?? null) : null,
    emails: planned.emails.map((e) => ({ kind: e.kind, recipient: e.recipient })),
    notice: planned.notice,
  };
}

/** The emails `input` would send, composed as the action would, nothing changed (the console's preview). */
export async function previewCaseEmails(services: Services, caseId: number, agent: Agent, input: CaseActionInput): Promise<readonly ComposedReply[]> {
  const now = services.clock();
  const checked = checkedAgent(agent.email);
  return (await plan(services, await subjectOf(services, caseId, input.action, checked, now), checked, input, now)).emails;
}
