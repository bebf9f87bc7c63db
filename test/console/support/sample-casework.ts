// A casework of a few cases held in memory, for testing the console's pages on their own: the
// real casework (src/casework) is tested by its own tests and drives the browser tests. It
// keeps to the port's contract: states change as case-state.ts says, refusals are errors the
// console must show, emails are previewed and "sent" by recording them.
import { refusalOf, afterAction, type CaseState, type Resolution } from "../../../src/requests/case-state.ts";
import type { ComposedReply } from "../../../src/replies/reply.ts";
import type { ActionResult, CaseAttachment, CaseSummary, CaseView, CaseworkPort } from "../../../src/console/casework-port.ts";

export class SampleInputError extends Error {}
export class SampleAlreadyChanged extends Error {}

export interface SampleCase {
  summary: CaseSummary;
  view: Omit<CaseView, "summary" | "resolution" | "resolvedBy" | "resolvedAt">;
  attachments: CaseAttachment[];
  resolution: Resolution | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
}

export interface SampleCasework extends CaseworkPort {
  readonly cases: Map<number, SampleCase>;
  readonly sent: { caseId: number; kind: string; recipient: string }[];
}

function email(kind: ComposedReply["kind"], recipient: string, subject: string, text: string): ComposedReply {
  return { kind, messageId: `<${kind}.${recipient}@test>`, recipient, subject, text, html: "", inReplyTo: "<x@test>", references: [] };
}

export function sampleCase(id: number, overrides: { reasons?: CaseSummary["reasons"]; text?: string; from?: string; openedAt?: Date; state?: CaseState; subject?: string } = {}): SampleCase {
  const from = overrides.from ?? "bob.authoriser@nhs.net";
  return {
    summary: {
      id,
      state: overrides.state ?? "open",
      reasons: overrides.reasons ?? ["AUTHORISER_NOT_RECOGNISED"],
      openedAt: overrides.openedAt ?? new Date("2026-12-01T09:00:00Z"),
      claimedBy: null,
      snoozedUntil: null,
      requestReference: "EP2-7K3M9QAB",
      messageId: `<case-${id}@nhs.net>`,
      fromAddress: from,
      subject: overrides.subject ?? "ePACT2 registration form",
    },
    view: {
      reasons: (overrides.reasons ?? ["AUTHORISER_NOT_RECOGNISED"]).map((code) => ({ code, sentence: `The reason ${code} in words.`, detail: null })),
      form: { fields: [{ label: "Applicant first name", value: "Alice" }, { label: "Organisation code", value: "A81001" }] },
      sender: { from, fromProblem: null, proven: true, provenBy: "dkim", verification: { method: "dkim", signingDomain: "nhs.net" }, detail: "dkim=pass", paths: [{ path: "dkim", outcome: "proves", found: "d=nhs.net pass", why: "aligned with the From domain" }] },
      email: {
        header: [{ name: "From", value: from }, { name: "Subject", value: overrides.subject ?? "ePACT2 registration form" }],
        text: overrides.text ?? "Please find the form attached.\nBob",
        attachments: [{ index: 0, filename: "form.pdf", contentType: "application/pdf", sizeBytes: 2048 }],
      },
      request: { reference: "EP2-7K3M9QAB", status: "referred", applicant: "Alice Applicant <alice.applicant@nhs.net>", authoriser: from, organisations: "A81001" },
      history: [{ at: new Date("2026-12-01T09:00:00Z"), actor: "intake", event: "case-opened", note: null }],
    },
    attachments: [{ filename: "form.pdf", contentType: "application/pdf", bytes: new TextEncoder().encode("%PDF-1.7 sample") }],
    resolution: null,
    resolvedBy: null,
    resolvedAt: null,
  };
}

export function sampleCasework(cases: readonly SampleCase[]): SampleCasework {
  const byId = new Map(cases.map((c) => [c.summary.id, c]));
  const sent: SampleCasework["sent"] = [];
  const emailsFor = (c: SampleCase, action: string): ComposedReply[] =>
    ["accept", "reject", "ask-correction", "answer", "add-authoriser"].includes(action)
      ? [email(action === "accept" ? "authoriser-confirmation" : action === "reject" ? "rejection" : action === "answer" ? "answer" : "correction-request", c.summary.fromAddress ?? "", `Your form ${c.summary.requestReference ?? ""}`, `Dear sender,\nabout ${action}.`)]
      : [];
  const find = (id: number): SampleCase => {
    const c = byId.get(id);
    if (!c) throw new SampleInputError(`no case ${id}`);
    return c;
  };
  const check = (c: SampleCase, action: Parameters<typeof refusalOf>[0], agent: string): void => {
    const refusal = refusalOf(action, { id: c.summary.id, state: c.summary.state, claimedBy: c.summary.claimedBy, resolution: c.resolution, resolvedBy: c.resolvedBy, resolvedAt: c.resolvedAt }, agent);
    if (refusal) throw c.summary.state === "resolved" ? new SampleAlreadyChanged(refusal) : new SampleInputError(refusal);
  };
  return {
    cases: byId,
    sent,
    listCases(_db, filter) {
      const matching = [...byId.values()]
        .map((c) => c.summary)
        .filter((s) => (!filter.state || s.state === filter.state) && (!filter.reason || s.reasons.includes(filter.reason)) && (!filter.agent || s.claimedBy === filter.agent))
        .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
      return Promise.resolve({ cases: matching.slice(filter.offset, filter.offset + filter.limit), total: matching.length });
    },
    caseView(_services, id) {
      const c = byId.get(id);
      return Promise.resolve(c ? { ...c.view, summary: c.summary, resolution: c.resolution, resolvedBy: c.resolvedBy, resolvedAt: c.resolvedAt } : null);
    },
    caseAttachment(_services, id, index) {
      return Promise.resolve(byId.get(id)?.attachments[index] ?? null);
    },
    previewCaseEmails(_services, id, agent, input) {
      const c = find(id);
      check(c, input.action, agent.email);
      return Promise.resolve(emailsFor(c, input.action));
    },
    performCaseAction(services, id, agent, input): Promise<ActionResult> {
      const c = find(id);
      check(c, input.action, agent.email);
      const after = input.action === "add-authoriser" ? { state: "resolved" as const, resolution: "judged-again" as const } : afterAction(input.action);
      c.summary = { ...c.summary, state: after.state, claimedBy: input.action === "claim" ? agent.email : c.summary.claimedBy, snoozedUntil: input.action === "snooze" ? input.until : null };
      if (after.resolution) {
        c.resolution = after.resolution;
        c.resolvedBy = agent.email;
        c.resolvedAt = services.clock();
      }
      c.view = { ...c.view, history: [...c.view.history, { at: services.clock(), actor: agent.email, event: input.action, note: null }] };
      const emails = emailsFor(c, input.action).map((e) => ({ kind: e.kind, recipient: e.recipient }));
      sent.push(...emails.map((e) => ({ caseId: id, ...e })));
      return Promise.resolve({ caseId: id, state: after.state, resolution: after.resolution, emails, notice: null });
    },
    isInputError: (error) => error instanceof SampleInputError,
    isAlreadyChanged: (error) => error instanceof SampleAlreadyChanged,
  };
}
