// Gathers the facts about one raw message for the pure decision: the sender's evidence
// (DNS), the form (PDF), and what the records know (organisations, the directory, open
// requests). All the I/O of judging a message is here.
import { findAttachedForm } from "../forms/attached-form.ts";
import { MessageUnreadableError, readIncomingMessage } from "../message/incoming-message.ts";
import { findDirectoryEntries } from "../records/find-directory-entries.ts";
import { findOpenRequest } from "../records/find-open-request.ts";
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
  | { readonly kind: "facts"; readonly facts: Facts; readonly fingerprint: string | null; readonly details: MessageDetails }
  | { readonly kind: "unreadable"; readonly problem: string; readonly details: MessageDetails };

export async function gatherFacts(
  context: IntakeContext,
  raw: Buffer,
  options: { receivedAt: Date; excludeRequestId?: number | null },
): Promise<Gathered> {
  const { config, db, resolver } = context;
  const sender = await authenticateSender(raw, { trustedAuthservIds: config.trustedAuthservIds, resolver });
  const fromAddress = sender.from?.address ?? null;
  let incoming;
  try {
    incoming = await readIncomingMessage(raw);
  } catch (error) {
    if (!(error instanceof MessageUnreadableError)) throw error;
    return { kind: "unreadable", problem: error.message, details: { fromAddress, subject: null, references: [] } };
  }

  const form = await findAttachedForm(incoming.attachments, { maxBytes: config.maxAttachmentBytes });
  const codes = form.kind === "read" ? form.form.organisation.codes : [];
  const fingerprint = form.kind === "read" ? requestFingerprint(form.form) : null;
  const [openRequest, organisations, organisationDomains, directory] = await Promise.all([
    fingerprint ? findOpenRequest(db, fingerprint, { excludeRequestId: options.excludeRequestId ?? null }) : null,
    findOrganisations(db, codes),
    findOrganisationDomains(db, codes),
    fromAddress ? findDirectoryEntries(db, fromAddress) : [],
  ]);

  return {
    kind: "facts",
    fingerprint,
    details: { fromAddress, subject: incoming.subject, references: incoming.references },
    facts: {
      sender,
      form,
      openRequest,
      organisations,
      organisationDomains,
      directory,
      receivedOn: londonDay(options.receivedAt),
      policy: { allowedSenderDomains: config.allowedSenderDomains, applicantDomains: config.applicantDomains },
    },
  };
}
