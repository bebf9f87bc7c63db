// Marking a request provisioned: the ePACT2 account now exists. Only an authorised request
// can be; the applicant is told the account is ready (once, when that notification is on),
// at the address the authorisation already earned it.
import { deliverReplies } from "../outbox/delivery.ts";
import type { Services } from "../intake/intake-context.ts";
import { findRequestOnRecord, moveRequestStatus } from "../records/requests.ts";
import { queueReplies } from "../records/replies.ts";
import { composeCaseEmails } from "../replies/compose-casework.ts";
import type { ReplyKind } from "../replies/reply.ts";
import { CaseworkInputError, checkedAgent, type Agent } from "./action-input.ts";
import { CaseAlreadyChanged } from "./case-actions.ts";

export interface Provisioned {
  readonly reference: string;
  readonly emails: readonly { readonly kind: ReplyKind; readonly recipient: string }[];
}

export async function provisionRequest(services: Services, reference: string, agentInput: Agent): Promise<Provisioned> {
  const agent = checkedAgent(agentInput.email);
  const request = await findRequestOnRecord(services.db, reference.trim().toUpperCase());
  if (!request) throw new CaseworkInputError(`there is no request ${reference}`);
  if (request.status === "provisioned") throw new CaseAlreadyChanged(`request ${request.reference} is already provisioned`);
  if (request.status !== "authorised") throw new CaseworkInputError(`request ${request.reference} is ${request.status}: only an authorised request can be marked provisioned`);
  const now = services.clock();
  const notify = services.replySettings.applicantNotifications.has("account-ready");
  const emails =
    notify && request.message
      ? composeCaseEmails(
          {
            to: [{ kind: "applicant-account-ready", recipient: request.form.applicant.email }],
            decision: { outcome: "accepted", findings: [], form: request.form },
            answered: { ...request.message, references: [] },
            reference: request.reference,
          },
          services.templates,
          services.replySettings,
          services.replyMessageId,
        )
      : [];
  await services.db.$transaction(async (tx) => {
    const moved = await moveRequestStatus(tx, { id: request.id, from: "authorised", to: "provisioned" }, now, { actor: agent.email, event: "provisioned" });
    if (!moved) throw new CaseAlreadyChanged(`request ${request.reference} was changed by someone else just now: look at it again`);
    await queueReplies(tx, emails, { decisionId: null, inboundId: null, requestId: request.id }, now);
  });
  if (emails.length > 0) await deliverReplies(services);
  services.log.info("request provisioned", { reference: request.reference, agent: agent.email });
  return { reference: request.reference, emails: emails.map((e) => ({ kind: e.kind, recipient: e.recipient })) };
}
