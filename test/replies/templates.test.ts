// The bundled reply templates: names from a form are escaped in HTML, and a subject cannot
// be made to carry a second header line.
import { describe, expect, it } from "vitest";
import { BUNDLED_TEMPLATES } from "../../src/config/config.ts";
import { REPLY_KINDS } from "../../src/replies/reply.ts";
import { loadTemplates, TemplateError } from "../../src/replies/templates.ts";

const hostile = {
  reference: "EP2-ABCDEFGH",
  form: { id: "EPACT2-GP", title: "ePACT2: GP Practice Access" },
  applicant: { name: '<script>alert("x")</script> Smith', email: "a@nhs.net" },
  authoriser: { name: "Dr <b>Bob</b>", email: "b@nhs.net", role: "GP" },
  organisation: { name: "Surgery & Co", codes: "A81001" },
  reasons: [{ code: "FORM_INVALID", sentence: "Some fields are wrong.", detail: "Applicant email <is> required" }],
  formsUrl: "https://example.org/forms",
  supportAddress: "support@example.org",
  original: { messageId: "<m@x>", subject: "Hello\r\nBcc: victim@example.org", from: "b@nhs.net", receivedAt: "2026-11-26T10:00:00Z" },
};

describe("reply templates", () => {
  const templates = loadTemplates(BUNDLED_TEMPLATES);

  it.each(REPLY_KINDS)("%s escapes names in HTML and keeps them readable in text", (kind) => {
    const reply = templates.render(kind, hostile);
    expect(reply.html).not.toContain("<script>");
    expect(reply.html).not.toContain("<b>Bob</b>");
    expect(reply.subject).not.toMatch(/[\r\n]/);
    expect(reply.text.length).toBeGreaterThan(50);
  });

  it("the applicant's notification names the authoriser as written, in text", () => {
    expect(templates.render("applicant-authorised", hostile).text).toContain("authorised by Dr <b>Bob</b>");
    expect(templates.render("applicant-authorised", hostile).html).toContain("Dr &lt;b&gt;Bob&lt;/b&gt;");
  });

  it("a subject line break from an incoming email does not reach a header", () => {
    const reply = templates.render("support-notice", hostile);
    expect(reply.subject).toContain("[EP2-ABCDEFGH]");
    expect(reply.text).toContain("Hello");
  });

  it("a template directory without a template is refused at start", () => {
    expect(() => loadTemplates("/nonexistent")).toThrow(TemplateError);
  });
});
