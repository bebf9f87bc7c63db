// What a judged message does to the requests, without a database: only the request's own
// people can make a new attempt at it or be tied to it; only an accepted request is a
// duplicate; who a request is for never changes.
import { describe, expect, it } from "vitest";
import { requestChangeFor, type KnownRequest, type MessageAboutRequests } from "../../src/requests/request-change.ts";
import { decide } from "../../src/rules/decide.ts";
import { facts, gpForm, verifiedSender } from "../rules/facts-builder.ts";

const BOB = "bob.authoriser@nhs.net";
const known = (overrides: Partial<KnownRequest> = {}): KnownRequest => ({
  id: 1,
  reference: "EP2-AAAAAAAA",
  status: "referred",
  applicantEmail: "alice.applicant@nhs.net",
  authoriserEmail: BOB,
  ...overrides,
});

function change(message: Partial<MessageAboutRequests>) {
  const decision = message.decision ?? decide(facts());
  return requestChangeFor(
    { decision, fingerprint: "fp", sender: decision.reachable.sender, followUp: null, sameRequests: [], bounced: null, ...message },
    () => "EP2-NEWNEWNE",
  );
}

describe("a valid form", () => {
  it("opens a new request", () => {
    expect(change({})).toMatchObject({ kind: "create", earlier: null, request: { reference: "EP2-NEWNEWNE", status: "authorised" } });
  });

  it("from the authoriser of a referred request for the same access is a new attempt at it", () => {
    expect(change({ sameRequests: [known()] })).toMatchObject({ kind: "attempt", from: "referred", request: { reference: "EP2-AAAAAAAA" } });
  });

  it("from someone else opens its own request, linked to the referred one for the support team", () => {
    const decision = decide(facts({ sender: verifiedSender("carol@nhs.net"), form: { kind: "read", path: "fields", form: gpForm({ authoriser: { ...gpForm().authoriser!, email: "carol@nhs.net" } }) } }));
    expect(change({ decision, sameRequests: [known()] })).toMatchObject({ kind: "create", earlier: "EP2-AAAAAAAA" });
  });

  it("in a follow-up from a stranger is not an attempt at the request followed up", () => {
    const decision = decide(facts({ sender: verifiedSender("carol@nhs.net"), form: { kind: "read", path: "fields", form: gpForm({ authoriser: { ...gpForm().authoriser!, email: "carol@nhs.net" } }) } }));
    expect(change({ decision, followUp: known({ status: "rejected" }) })).toMatchObject({ kind: "create" });
  });

  it("in a follow-up from the authoriser, for another applicant, opens a new request instead of rewriting it", () => {
    const followUp = known({ status: "rejected", applicantEmail: "someone.else@nhs.net" });
    expect(change({ followUp })).toMatchObject({ kind: "create" });
  });

  it("in a follow-up from the authoriser, for the same people, is a new attempt", () => {
    expect(change({ followUp: known({ status: "rejected" }) })).toMatchObject({ kind: "attempt", from: "rejected" });
  });
});

describe("a message that opens no request", () => {
  it("a duplicate is linked to the sender's own accepted request", () => {
    const decision = decide(facts({ ownAcceptedRequest: { reference: "EP2-AAAAAAAA" } }));
    expect(change({ decision, sameRequests: [known({ status: "authorised" })] })).toEqual({ kind: "link", reference: "EP2-AAAAAAAA" });
  });

  it("a question from the request's own people in reply to our email is linked to it", () => {
    const decision = decide(facts({ form: { kind: "none" } }));
    expect(change({ decision, fingerprint: null, followUp: known() })).toEqual({ kind: "link", reference: "EP2-AAAAAAAA" });
  });

  it("a question from anyone else in reply to our email is tied to nothing", () => {
    const decision = decide(facts({ sender: verifiedSender("mallory@nhs.net"), form: { kind: "none" } }));
    expect(change({ decision, fingerprint: null, followUp: known() })).toEqual({ kind: "none" });
  });

  it("an unverified message opens nothing and is tied to nothing", () => {
    const decision = decide(facts({ sender: { from: null, fromProblem: "missing", verification: null, detail: "" } }));
    expect(change({ decision, followUp: known() })).toEqual({ kind: "none" });
  });
});
