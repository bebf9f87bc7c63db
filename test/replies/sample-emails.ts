// Realistic emails of every kind, composed the way intake composes them: real decisions
// (src/rules/decide.ts over facts built as intake builds them) through composeReplies, and
// the health emails from a real assessment. Used by the template tests and by
// scripts/email-screenshots.ts, which renders them for people to look at.
import { loadConfig } from "../../src/config/config.ts";
import { FORM_DEFINITIONS } from "../../src/forms/definitions.ts";
import { assessHealth, type HealthFacts } from "../../src/health/assess-health.ts";
import { composeHealthAlert, composeRecoveryNotice } from "../../src/health/compose-alert.ts";
import { composeReplies, composeUndeliverableNotice, type ReplyInput, type ReplySettings } from "../../src/replies/compose-replies.ts";
import type { ComposedReply, ReplyKind } from "../../src/replies/reply.ts";
import type { Templates } from "../../src/replies/templates.ts";
import { composeCaseEmails } from "../../src/replies/compose-casework.ts";
import { decide } from "../../src/rules/decide.ts";
import { defaultForm, facts, gpForm, verifiedSender } from "../rules/facts-builder.ts";

const defaults = loadConfig({});

/** The settings intake runs with by default: the real support address and forms page. */
export const SAMPLE_SETTINGS: ReplySettings = {
  supportAddress: defaults.supportAddress,
  formsUrl: defaults.formsUrl,
  signInUrl: defaults.signInUrl,
  applicantNotifications: defaults.applicantNotifications,
  formTitle: (formId) => FORM_DEFINITIONS[formId].title,
};

export const SAMPLE_REFERENCE = "EP2-7K3M9QX2";

export interface SampleEmail {
  /** Unique, file-name safe: the kind, and the case when a kind has several. */
  readonly name: string;
  readonly reply: ComposedReply;
}

const answered = (subject: string): ReplyInput["answered"] => ({
  messageId: "<CAF8x2Lm4pQ@mail.nhs.net>",
  references: [],
  subject,
  fromAddress: "bob.authoriser@nhs.net",
  receivedAt: new Date("2026-11-26T09:41:00Z"),
});

const sampleMessageId = (kind: ReplyKind): string => `<epact2-intake.${kind}.sample@nhsbsa.nhs.uk>`;

function repliesTo(f: Parameters<typeof decide>[0], subject: string, reference: string | null, templates: Templates): ComposedReply[] {
  return composeReplies({ decision: decide(f), answered: answered(subject), reference }, templates, SAMPLE_SETTINGS, sampleMessageId);
}

function named(name: string, replies: readonly ComposedReply[], kind: ReplyKind): SampleEmail {
  const reply = replies.find((r) => r.kind === kind);
  if (!reply) throw new Error(`the sample "${name}" composed no ${kind} email`);
  return { name, reply };
}

const NOW = new Date("2026-11-26T12:00:00Z");
const minutesAgo = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

function failingFacts(): HealthFacts {
  const refused = (minutes: number) => ({
    startedAt: minutesAgo(minutes),
    fetchedAt: null,
    finishedAt: minutesAgo(minutes),
    status: "failed" as const,
    errorName: "MailboxAuthenticationError",
    errorKinds: ["MailboxAuthenticationError"],
    errorMessage: "AUTHENTICATE failed: the OAuth 2.0 token was refused",
  });
  return {
    recentPasses: [refused(1), refused(2), refused(3)],
    lastOkFetch: minutesAgo(4),
    firstPassStartedAt: minutesAgo(600),
    outbox: { pending: 2, deferred: 1, unconfirmed: 0, failed: 0, oldestDeferredAt: minutesAgo(3) },
    backlog: { messages: 7, seenAt: minutesAgo(4), unreachable: null },
    openAlert: null,
  };
}

function recoveredFacts(): HealthFacts {
  const ok = { startedAt: minutesAgo(1), fetchedAt: minutesAgo(1), finishedAt: minutesAgo(1), status: "ok" as const, errorName: null, errorKinds: [], errorMessage: null };
  return {
    recentPasses: [ok],
    lastOkFetch: minutesAgo(1),
    firstPassStartedAt: minutesAgo(600),
    outbox: { pending: 0, deferred: 0, unconfirmed: 0, failed: 0, oldestDeferredAt: null },
    backlog: { messages: 0, seenAt: minutesAgo(1), unreachable: null },
    openAlert: { kind: "failing", openedAt: minutesAgo(45), notified: true },
  };
}

/** One email of each kind (and each variant of a kind), as intake would send it. */
export function sampleEmails(templates: Templates): SampleEmail[] {
  const subject = "ePACT2 registration form for Alice Applicant";
  const accepted = repliesTo(facts(), subject, SAMPLE_REFERENCE, templates);
  const defaultAccepted = repliesTo(
    facts({ sender: verifiedSender("alice.applicant@nhs.net"), form: { kind: "read", form: defaultForm(), path: "fields" }, directory: [] }),
    "ePACT2 Default Dashboard registration",
    SAMPLE_REFERENCE,
    templates,
  );
  const invalid = repliesTo(
    facts({
      form: {
        kind: "invalid",
        formId: "EPACT2-GP",
        path: "fields",
        errors: [
          { field: "applicant_email", label: "Applicant email", problem: "is required" },
          { field: "authorisation_date", label: "Authorisation date", problem: "must be a date, e.g. 26/11/2026" },
        ],
      },
    }),
    subject,
    null,
    templates,
  );
  const selfAuthorised = gpForm({
    authoriser: { ...gpForm().authoriser!, name: "Alice Applicant", email: "alice.applicant@nhs.net" },
  });
  const selfAuthorisation = repliesTo(
    facts({ sender: verifiedSender("alice.applicant@nhs.net"), form: { kind: "read", form: selfAuthorised, path: "fields" } }),
    subject,
    SAMPLE_REFERENCE,
    templates,
  );
  const selfAuthorisationApplicant = repliesTo(
    facts({
      form: { kind: "read", form: gpForm({ authoriser: { ...gpForm().authoriser!, name: "Alice Applicant" } }), path: "fields" },
    }),
    subject,
    SAMPLE_REFERENCE,
    templates,
  );
  const duplicate = repliesTo(facts({ ownAcceptedRequest: { reference: SAMPLE_REFERENCE } }), subject, SAMPLE_REFERENCE, templates);
  const notRecognised = repliesTo(facts({ directory: [] }), subject, SAMPLE_REFERENCE, templates);

  const wrongRole = repliesTo(
    facts({ form: { kind: "read", form: gpForm({ authoriser: { ...gpForm().authoriser!, role: "Practice manager" } }), path: "fields" } }),
    subject,
    SAMPLE_REFERENCE,
    templates,
  );
  const caseEmail = (kind: ReplyKind, to: string, agentText = ""): ComposedReply[] =>
    composeCaseEmails(
      { to: [{ kind, recipient: to }], decision: { form: gpForm(), findings: [], outcome: "flagged" }, answered: answered(subject), reference: SAMPLE_REFERENCE, agentText },
      templates,
      SAMPLE_SETTINGS,
      sampleMessageId,
    );
  const correction = caseEmail(
    "correction-request",
    "bob.authoriser@nhs.net",
    "The organisation code A81009 is not a GP practice we know. Please check the practice code on the form: it is on your practice's ODS record.\n\nIf the practice has merged, use the new practice's code.",
  );
  const question = composeCaseEmails(
    {
      to: [{ kind: "answer", recipient: "carol.colleague@nhs.net" }],
      decision: { form: null, findings: [], outcome: "flagged" },
      answered: { ...answered("Which form do I need for PCN access?"), fromAddress: "carol.colleague@nhs.net" },
      reference: null,
      agentText: "For PCN access, use the ePACT2: PCN Access form. Your PCN's Clinical Director must authorise it and send it to us from their own @nhs.net account.",
    },
    templates,
    SAMPLE_SETTINGS,
    sampleMessageId,
  );
  const accountReady = caseEmail("applicant-account-ready", "alice.applicant@nhs.net");

  const failing = assessHealth(failingFacts(), NOW, { afterMinutes: 30, authFailures: 3 });
  const recovered = assessHealth(recoveredFacts(), NOW, { afterMinutes: 30, authFailures: 3 });

  return [
    named("authoriser-confirmation", accepted, "authoriser-confirmation"),
    named("applicant-authorised", accepted, "applicant-authorised"),
    named("applicant-authorised-default", defaultAccepted, "applicant-authorised"),
    named("rejection", invalid, "rejection"),
    named("rejection-self-authorisation", selfAuthorisation, "rejection"),
    named("applicant-self-authorisation", selfAuthorisationApplicant, "applicant-self-authorisation"),
    named("applicant-returned", wrongRole, "applicant-returned"),
    named("correction-request", correction, "correction-request"),
    named("answer", question, "answer"),
    named("applicant-account-ready", accountReady, "applicant-account-ready"),
    named("duplicate", duplicate, "duplicate"),
    named("referred", notRecognised, "referred"),
    named("support-notice", notRecognised, "support-notice"),
    {
      name: "support-notice-undeliverable",
      reply: composeUndeliverableNotice(
        { kind: "applicant-authorised", recipient: "alice.applicant@nhs.net", inReplyTo: "<CAF8x2Lm4pQ@mail.nhs.net>", reference: SAMPLE_REFERENCE },
        "550 5.1.1 Recipient address rejected: user unknown",
        templates,
        SAMPLE_SETTINGS,
        sampleMessageId("support-notice"),
      ),
    },
    { name: "support-alert", reply: composeHealthAlert(failing, templates, SAMPLE_SETTINGS, sampleMessageId("support-alert")) },
    {
      name: "support-recovered",
      reply: composeRecoveryNotice(
        recovered,
        { openedAt: minutesAgo(45), emailMessageId: sampleMessageId("support-alert") },
        templates,
        SAMPLE_SETTINGS,
        sampleMessageId("support-recovered"),
      ),
    },
  ];
}
