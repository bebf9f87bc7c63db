// Gathers the facts about one raw message for the pure decision: what the examiner found in
// the mail itself (src/examine: header, sender's evidence, MIME, form, all under one budget),
// and what the records know (organisations, the directory, requests, our own replies).
import { londonDay } from "../directory/directory-dates.ts";
import { isDeliveryReport } from "../message/automatic-mail.ts";
import { findDirectoryEntries } from "../records/directory.ts";
import { findFollowedUpRequest, findSameRequests } from "../records/requests.ts";
import { findOrganisationDomains } from "../records/domains.ts";
import { findOrganisations } from "../records/organisations.ts";
import { findSentReply } from "../records/replies.ts";
import { REFERENCE_PATTERN } from "../requests/reference.ts";
import { duplicatedRequest, type KnownRequest } from "../requests/request-change.ts";
import type { Facts, Review } from "../rules/facts.ts";
import { requestFingerprint } from "../rules/fingerprint.ts";
import type { Finding } from "../rules/reasons.ts";
import type { Services } from "./intake-context.ts";

/** What the replies and records need to know about the message itself. */
export interface MessageDetails {
  readonly fromAddress: string | null;
  readonly subject: string | null;
  readonly references: readonly string[];
}

export type Gathered =
  | {
      readonly kind: "facts";
      readonly facts: Facts;
      readonly fingerprint: string | null;
      readonly details: MessageDetails;
      /** The request a reply of ours, or a reference in the subject, says this message follows up. */
      readonly followUp: KnownRequest | null;
      /** Requests with the same fingerprint as the form, oldest first. */
      readonly sameRequests: readonly KnownRequest[];
    }
  /** Over a limit, cut short, or not readable as MIME: referred to people without being judged. */
  | { readonly kind: "unjudged"; readonly finding: Finding; readonly details: MessageDetails };

export async function gatherFacts(
  context: Services,
  raw: Buffer,
  options: { receivedAt: Date; excludeRequestId?: number | null; review?: Review | null },
): Promise<Gathered> {
  const { config, db } = context;
  const examination = await context.examiner.examine(raw);
  const fromAddress = examination.fromAddress;
  const bare: MessageDetails = { fromAddress, subject: null, references: [] };
  if (examination.kind === "stopped") return { kind: "unjudged", finding: examination.finding, details: bare };
  const { automatic, sender, structure, form } = examination;
  if (structure.kind === "unreadable") return { kind: "unjudged", finding: { code: "MESSAGE_UNREADABLE", detail: structure.problem }, details: bare };

  const bouncedReply = isDeliveryReport(automatic) ? await findSentReply(db, examination.ourQuotedIds) : null;
  const subjectReference = REFERENCE_PATTERN.exec(structure.subject ?? "")?.[0] ?? null;
  const followUp = await findFollowedUpRequest(db, { ourMessageIds: examination.ourReferencedIds, subjectReference });
  const codes = form.kind === "read" ? form.form.organisation.codes : [];
  const fingerprint = form.kind === "read" ? requestFingerprint(form.form) : null;
  const [sameRequests, organisations, organisationDomains, directory] = await Promise.all([
    fingerprint ? findSameRequests(db, fingerprint, { excludeRequestId: options.excludeRequestId }) : [],
    findOrganisations(db, codes),
    findOrganisationDomains(db, codes),
    fromAddress ? findDirectoryEntries(db, fromAddress) : [],
  ]);

  return {
    kind: "facts",
    fingerprint,
    followUp,
    sameRequests,
    details: { fromAddress, subject: structure.subject, references: structure.references },
    facts: {
      automatic,
      ownMessage: examination.ownMessage,
      bouncedReply,
      sender,
      form,
      ownAcceptedRequest: duplicatedRequest(sender.verification ? fromAddress : null, sameRequests),
      organisations,
      organisationDomains,
      directory,
      receivedOn: londonDay(options.receivedAt),
      policy: { allowedSenderDomains: config.allowedSenderDomains, applicantDomains: config.applicantDomains },
      review: options.review ?? null,
    },
  };
}
