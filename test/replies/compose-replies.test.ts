// Who is written to for each reason code, and what each email says: the reason's sentence and
// detail, the greeting by the name the form gives the recipient, the reference, the access
// named once; and values from a form or a message escaped in HTML, as written in text.
import { describe, expect, it } from "vitest";
import { BUNDLED_TEMPLATES } from "../../src/config/config.ts";
import type { RegistrationForm } from "../../src/forms/registration-form.ts";
import { composeHealthAlert } from "../../src/health/compose-alert.ts";
import { accessName, composeReplies, composeUndeliverableNotice, type ReplyInput } from "../../src/replies/compose-replies.ts";
import type { ComposedReply, ReplyKind } from "../../src/replies/reply.ts";
import { loadTemplates } from "../../src/replies/templates.ts";
import { outcomeOf, type Decision } from "../../src/rules/decide.ts";
import type { Reachable } from "../../src/rules/reachable.ts";
import { REASON_CODES, REASONS, type ReasonCode } from "../../src/rules/reasons.ts";
import { gpForm } from "../rules/facts-builder.ts";
import { occurrences, visibleText, words } from "./read-email.ts";
import { SAMPLE_SETTINGS } from "./sample-emails.ts";

const templates = loadTemplates(BUNDLED_TEMPLATES);
const REFERENCE = "EP2-ABCDEFGH";
const BOB = "bob.authoriser@nhs.net";
const ALICE = "alice.applicant@nhs.net";
const SUPPORT = SAMPLE_SETTINGS.supportAddress;
const BOTH: Reachable = { sender: BOB, applicant: ALICE };

/** Codes found before (or instead of) a readable form: their decisions carry no form. */
const FORMLESS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  "OWN_MESSAGE",
  "BOUNCE",
  "AUTO_REPLY",
  "REPLY_UNDELIVERABLE",
  "MESSAGE_TOO_LARGE",
  "MESSAGE_UNREADABLE",
  "PROCESSING_FAILED",
  "FORM_MISSING",
  "FORM_UNREADABLE",
  "FORM_TOO_LARGE",
  "FORM_UNKNOWN",
  "FORM_MULTIPLE",
  "FORM_INVALID",
]);

function decisionFor(code: ReasonCode, detail: string, form: RegistrationForm | null = FORMLESS.has(code) ? null : gpForm()): Decision {
  const findings = [{ code, detail }];
  const reachable = code === "SENDER_UNVERIFIED" ? { sender: null, applicant: null } : BOTH;
  return { outcome: outcomeOf(findings), findings, form, reachable };
}

function compose(decision: Decision, subject = "ePACT2 registration form", reference: string | null = REFERENCE): ComposedReply[] {
  const answered: ReplyInput["answered"] = { messageId: "<m1@nhs.net>", references: [], subject, fromAddress: BOB, receivedAt: new Date("2026-11-26T10:00:00Z") };
  return composeReplies({ decision, answered, reference }, templates, SAMPLE_SETTINGS, (kind) => `<${kind}@nhsbsa.nhs.uk>`);
}

const addressed = (replies: readonly ComposedReply[]): [ReplyKind, string][] => replies.map((r) => [r.kind, r.recipient]);

/** Who each outcome writes to when both the sender (Bob) and the applicant (Alice) are reachable. */
function expectedAddressees(code: ReasonCode): [ReplyKind, string][] {
  switch (REASONS[code].outcome) {
    case "ignored":
      return [];
    case "duplicate":
      return [["duplicate", BOB]];
    case "rejected":
      // The applicant hears why when the form authorised itself, and otherwise that it went back to the authoriser.
      return code === "SELF_AUTHORISATION" ? [["rejection", BOB], ["applicant-self-authorisation", ALICE]] : [["rejection", BOB], ["applicant-returned", ALICE]];
    case "flagged":
      return code === "SENDER_UNVERIFIED" ? [["support-notice", SUPPORT]] : [["support-notice", SUPPORT], ["referred", BOB]];
  }
}

describe.each(REASON_CODES.map((code) => [code] as const))("%s", (code) => {
  const detail = `detail of ${code}`;
  const replies = compose(decisionFor(code, detail));
  const reasoned = replies.filter((r) => r.kind === "rejection" || r.kind === "support-notice");
  const toPeople = replies.filter((r) => !r.kind.startsWith("support-"));

  it("is written to the addresses its outcome allows", () => {
    expect(addressed(replies)).toEqual(expectedAddressees(code));
  });

  if (replies.length === 0) return; // mail from machines is never answered

  it("each email carries the reference in its subject and body", () => {
    for (const reply of replies) {
      expect(reply.subject, reply.kind).toContain(`[${REFERENCE}]`);
      expect(reply.text, reply.kind).toContain(REFERENCE);
      expect(visibleText(reply.html), reply.kind).toContain(REFERENCE);
    }
  });

  it("names the access at most once, never as 'ePACT2: ...', and says the same in text and HTML", () => {
    for (const reply of replies) {
      for (const body of [reply.text, visibleText(reply.html)]) {
        expect(occurrences(body, "GP Practice Access"), reply.kind).toBeLessThanOrEqual(1);
        expect(body).not.toContain("ePACT2: GP Practice Access");
      }
      expect(words(reply.text)).toEqual(words(visibleText(reply.html)));
    }
  });

  if (reasoned.length > 0) {
    it("the rejection and the support notice give the reason's sentence and detail, in both parts", () => {
      for (const reply of reasoned) {
        for (const body of [reply.text, visibleText(reply.html)]) {
          expect(body.replace(/\s+/g, " ")).toContain(REASONS[code].sentence);
          expect(body).toContain(detail);
        }
        if (reply.kind === "support-notice") expect(reply.text).toContain(`${code}:`);
      }
    });
  }

  if (toPeople.length > 0) {
    it("greets each person by the name the form gives their address", () => {
      for (const reply of toPeople) {
        const expected = FORMLESS.has(code) ? "Hello," : reply.recipient === BOB ? "Dear Dr Bob Authoriser," : "Dear Alice Applicant,";
        expect(reply.text.split("\n")[2], reply.kind).toBe(expected);
        expect(reply.html, reply.kind).toMatch(new RegExp(`</h1>\\s*<p[^>]*>${expected}</p>`));
      }
    });
  }
});

describe("an accepted form", () => {
  const replies = compose({ outcome: "accepted", findings: [], form: gpForm(), reachable: BOTH });

  it("confirms to the authoriser and notifies the applicant, each by name", () => {
    expect(addressed(replies)).toEqual([
      ["authoriser-confirmation", BOB],
      ["applicant-authorised", ALICE],
    ]);
    expect(replies[0]?.text).toContain("Dear Dr Bob Authoriser,");
    expect(replies[1]?.text).toContain("Dear Alice Applicant,");
  });

  it("names the access once in each email, after the label Access", () => {
    for (const reply of replies) {
      expect(occurrences(reply.text, "GP Practice Access")).toBe(1);
      expect(reply.text).toContain("Access: GP Practice Access\n");
      expect(visibleText(reply.html)).toMatch(/Access\s+GP Practice Access/);
    }
  });
});

describe("accessName", () => {
  it.each([
    ["ePACT2: GP Practice Access", "GP Practice Access"],
    ["ePACT2: ICB - Sub Location Prescriber Access", "ICB - Sub Location Prescriber Access"],
    ["Some Access", "Some Access"],
  ])("%s is %s", (title, access) => {
    expect(accessName(title)).toBe(access);
  });
});

describe("hostile values from a form or a message", () => {
  const SCRIPT_NAME = `<script>alert("x")</script>`;
  const SURNAME = `O'Brien & Sons`;
  const ORGANISATION = `Smith & Jones <Surgery>`;
  const AUTHORISER = `Dr "Bob" <b>Authoriser</b>`;
  const SUBJECT = `Re: <img src=x onerror=alert(1)> & "quotes"\r\nBcc: victim@example.org`;
  const DETAIL = `Applicant email <is> required & "wrong"`;
  const form = gpForm({
    applicant: { ...gpForm().applicant, firstName: SCRIPT_NAME, lastName: SURNAME },
    organisation: { ...gpForm().organisation, name: ORGANISATION },
    authoriser: { ...gpForm().authoriser!, name: AUTHORISER },
  });
  const replies = [
    ...compose({ outcome: "accepted", findings: [], form, reachable: BOTH }, SUBJECT),
    ...compose({ outcome: "rejected", findings: [{ code: "SELF_AUTHORISATION", detail: DETAIL }], form, reachable: BOTH }, SUBJECT),
    ...compose({ outcome: "duplicate", findings: [{ code: "DUPLICATE_REQUEST", detail: REFERENCE }], form, reachable: BOTH }, SUBJECT),
    ...compose({ outcome: "flagged", findings: [{ code: "AUTHORISER_NOT_RECOGNISED", detail: DETAIL }], form, reachable: BOTH }, SUBJECT),
  ];

  it("reach every kind of email about a form", () => {
    expect(new Set(replies.map((r) => r.kind))).toEqual(
      new Set(["authoriser-confirmation", "applicant-authorised", "rejection", "applicant-self-authorisation", "duplicate", "support-notice", "referred"]),
    );
  });

  it.each(replies.map((r) => [r.kind, r] as const))("%s: escaped in HTML, as written in text, and never a second header", (_kind, reply) => {
    expect(reply.html).not.toMatch(/<script|<img|<b>|<is>|<Surgery>/i);
    expect(reply.subject).not.toMatch(/[\r\n]/);
    const shown = [SCRIPT_NAME, SURNAME, ORGANISATION, AUTHORISER, SUBJECT.split("\r\n")[0]!, DETAIL].filter((value) => reply.text.includes(value));
    expect(shown.length, "the text shows some of the hostile values").toBeGreaterThan(0);
    for (const value of shown) {
      expect(visibleText(reply.html)).toContain(value);
    }
    if (reply.text.includes(SCRIPT_NAME)) {
      expect(reply.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Brien &amp; Sons");
    }
  });

  it("greets by the hostile name escaped in HTML and as written in text", () => {
    const toAlice = replies.find((r) => r.kind === "applicant-authorised")!;
    expect(toAlice.text).toContain(`Dear ${SCRIPT_NAME} ${SURNAME},`);
    expect(toAlice.html).toContain("Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Brien &amp; Sons,");
  });

  it("the support team's emails escape a server's error message and a failed reply's details", () => {
    const notice = composeUndeliverableNotice(
      { kind: "applicant-authorised", recipient: ALICE, inReplyTo: "<m1@nhs.net>", reference: REFERENCE },
      `550 <script>x</script> & "no"`,
      templates,
      SAMPLE_SETTINGS,
      "<n@nhsbsa.nhs.uk>",
    );
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).toContain("550 &lt;script&gt;x&lt;/script&gt; &amp; &quot;no&quot;");
    expect(notice.text).toContain(`550 <script>x</script> & "no"`);
    const alert = composeHealthAlert(
      {
        status: "failing",
        checkedAt: "2026-11-26T12:00:00.000Z",
        lastSuccessfulFetch: null,
        backlog: { messages: null, seenAt: null },
        outbox: { pending: 0, deferred: 0, unconfirmed: 0, failed: 0 },
        failures: { consecutivePasses: 3, consecutiveAuthentication: 3, lastError: { at: "2026-11-26T11:59:00.000Z", name: "MailboxAuthenticationError", message: `<img src=x onerror=alert(1)>` } },
        alert: null,
        problems: [`AUTHENTICATION_REFUSED: refused <b>3</b> times`],
        failingOn: "AUTHENTICATION_REFUSED",
      },
      templates,
      SAMPLE_SETTINGS,
      "<a@nhsbsa.nhs.uk>",
    );
    expect(alert.html).not.toMatch(/<img|<b>/);
    expect(alert.html).toContain("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;");
    expect(alert.text).toContain("refused <b>3</b> times");
  });
});
