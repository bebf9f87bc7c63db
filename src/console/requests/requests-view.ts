// What the requests pages show: the search results as table rows, and one request's details
// and history as one timeline, oldest first. Pure: from the records' shapes to the page's.
import type { FoundRequest } from "../../records/search-requests.ts";
import type { RequestHistory } from "../../records/request-history.ts";
import { dateTime } from "../format.ts";
import { kindName, reasonName, reasonSentence, tagOf } from "../words.ts";

export function resultRows(requests: readonly FoundRequest[]) {
  return requests.map((request) => ({
    reference: request.reference,
    href: `/requests/${encodeURIComponent(request.reference)}`,
    status: tagOf(request.status),
    form: request.formId,
    applicant: request.applicant,
    applicantEmail: request.applicantEmail,
    authoriser: request.authoriserEmail ?? "None (no authoriser needed)",
    organisations: request.organisationCode.split(",").join(", "),
    created: dateTime(request.createdAt),
    attention: request.attention,
  }));
}

export interface TimelineEntry {
  readonly at: Date;
  readonly when: string;
  readonly title: string;
  readonly lines: readonly string[];
  readonly tag: { text: string; classes: string } | null;
}

export function timeline(history: RequestHistory): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...history.decisions.map((decision) => ({
      at: decision.at,
      when: dateTime(decision.at),
      title: `Email from ${decision.message.from ?? "an unreadable sender"} judged`,
      lines: [
        `Subject: ${decision.message.subject ?? "(none)"}`,
        `Received ${dateTime(decision.message.receivedAt)}; Message-ID ${decision.message.messageId}`,
        decision.senderProof ? `Sender proven by ${decision.senderProof}` : "Sender not proven",
        ...decision.findings.map((finding) => `${reasonName(finding.code)}: ${reasonSentence(finding.code)}${finding.detail ? ` (${finding.detail})` : ""}`),
      ],
      tag: tagOf(decision.outcome),
    })),
    ...history.replies.map((reply) => ({
      at: reply.at,
      when: dateTime(reply.at),
      title: `${kindName(reply.kind)} email to ${reply.recipient}`,
      lines: [
        `Subject: ${reply.subject}`,
        ...(reply.sentAt ? [`Sent ${dateTime(reply.sentAt)}`] : []),
        ...(reply.lastError ? [`Last error: ${reply.lastError}`] : []),
      ],
      tag: tagOf(reply.status),
    })),
    ...history.audit.map((event) => ({
      at: event.at,
      when: dateTime(event.at),
      title: kindName(event.event),
      lines: [
        ...(event.fromState || event.toState ? [`${event.fromState ?? "(none)"} → ${event.toState ?? "(none)"}`] : []),
        ...(event.detail ? [event.detail] : []),
      ],
      tag: null,
    })),
  ];
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function requestSummaryRows(history: RequestHistory) {
  const { request } = history;
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return [
    row("Status", request.status),
    row("Form", `${request.formId} (version ${request.formVersion})`),
    row("Applicant", `${request.applicant.name}, ${request.applicant.jobTitle}`),
    row("Applicant email", request.applicant.email),
    ...(request.applicant.phone ? [row("Applicant phone", request.applicant.phone)] : []),
    row("Organisation", `${request.organisation.name} (${request.organisation.type})`),
    row("Organisation codes", request.organisation.codes.split(",").join(", ")),
    ...(request.authoriser
      ? [
          row("Authoriser", `${request.authoriser.name ?? "(no name)"}${request.authoriser.role ? `, ${request.authoriser.role}` : ""}`),
          row("Authoriser email", request.authoriser.email ?? "(none)"),
          row("Authorisation date", request.authoriser.date ?? "(none)"),
        ]
      : [row("Authoriser", "None: this access needs no authoriser")]),
    ...(request.justification ? [row("Justification", request.justification)] : []),
    row("Create Analysis tool", request.createAnalysis ? "Yes" : "No"),
    row("Received", dateTime(request.createdAt)),
  ];
}
