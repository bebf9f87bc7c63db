// Gathers the facts about one raw message for the pure decision: the sender's evidence
// (DNS), the form (PDF), and what the records know (organisations, the directory, open
// requests). All the I/O of judging a message is here.
import { findAttachedForm } from "../forms/attached-form.ts";
import { automaticSignals, isDeliveryReport, type AutomaticSignals } from "../message/automatic-mail.ts";
import { headerMessageId } from "../message/incoming-message.ts";
import { findFollowedUpRequest } from "../records/find-followed-up-request.ts";
import { findSameRequests } from "../records/find-same-requests.ts";
import { duplicatedRequest, type KnownRequest } from "../requests/request-change.ts";
import { findSentReply } from "../records/find-sent-reply.ts";
import { REFERENCE_PATTERN } from "../requests/reference.ts";
import { isOwnMessageId } from "../replies/reply-message-id.ts";
import { MessageUnreadableError, readIncomingMessage } from "../message/incoming-message.ts";
import { findDirectoryEntries } from "../records/find-directory-entries.ts";
import { findOrganisationDomains } from "../records/find-organisation-domains.ts";
import { findOrganisations } from "../records/find-organisations.ts";
import { londonDay } from "../directory/directory-dates.ts";
import type { Facts } from "../rules/facts.ts";
import { requestFingerprint } from "../rules/fingerprint.ts";
import { authenticateSender } from "../sender/authenticate-sender.ts";
import type { IntakeContext } from "./intake-context.ts";

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
  | { readonly kind: "unreadable"; readonly problem: string; readonly details: MessageDetails };

/** Our Message-IDs anywhere in the first megabyte (a report quotes the headers it concerns), after those it refers to. */
function ourMessageIdsIn(context: IntakeContext, raw: Buffer, ourReferencedIds: readonly string[]): string[] {
  const text = raw.subarray(0, 1024 * 1024).toString("latin1");
  const quoted = (text.match(/<epact2-intake\.[^<>\s]{1,200}>/g) ?? []).filter((id) => isOwnMessageId(id, context.signingKey));
  return [...new Set([...ourReferencedIds, ...quoted])];
}

function ownMessageOf(context: IntakeContext, raw: Buffer, automatic: AutomaticSignals): boolean {
  // A message without a usable Message-ID is never ours: every reply we send has one.
  const messageId = headerMessageId(raw);
  const ours = context.config.replyFrom.address;
  return (messageId !== null && isOwnMessageId(messageId, context.signingKey)) || automatic.xLoop.some((loop) => loop.includes(ours));
}

export async function gatherFacts(
  context: IntakeContext,
  raw: Buffer,
  options: { receivedAt: Date; excludeRequestId?: number | null },
): Promise<Gathered> {
  const { config, db, resolver } = context;
  const automatic = automaticSignals(raw);
  const ownMessage = ownMessageOf(context, raw, automatic);
  const ourReferencedIds = automatic.referencedIds.filter((id) => isOwnMessageId(id, context.signingKey));
  const bouncedReply = isDeliveryReport(automatic) ? await findSentReply(db, ourMessageIdsIn(context, raw, ourReferencedIds)) : null;
  const sender = await authenticateSender(raw, { ...config.senderEvidence, resolver });
  const fromAddress = sender.from?.address ?? null;
  let incoming;
  try {
    incoming = await readIncomingMessage(raw);
  } catch (error) {
    if (!(error instanceof MessageUnreadableError)) throw error;
    return { kind: "unreadable", problem: error.message, details: { fromAddress, subject: null, references: [] } };
  }

  const subjectReference = REFERENCE_PATTERN.exec(incoming.subject ?? "")?.[0] ?? null;
  const followUp = await findFollowedUpRequest(db, { ourMessageIds: ourReferencedIds, subjectReference });
  const form = await findAttachedForm(incoming.attachments, context.formReader);
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
    details: { fromAddress, subject: incoming.subject, references: incoming.references },
    facts: {
      automatic,
      ownMessage,
      bouncedReply,
      sender,
      form,
      ownAcceptedRequest: duplicatedRequest(sender.verification ? fromAddress : null, sameRequests),
      organisations,
      organisationDomains,
      directory,
      receivedOn: londonDay(options.receivedAt),
      policy: { allowedSenderDomains: config.allowedSenderDomains, applicantDomains: config.applicantDomains },
    },
  };
}
