// The bundled reply templates, rendered as intake renders them (sample-emails.ts: real
// decisions through composeReplies): one NHS layout for every kind that mail clients render
// (tables, inline styles, Arial, nothing fetched), the same words in the plain-text part,
// a greeting by name where the form names the recipient, and the access named once.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_TEMPLATES } from "../../src/config/config.ts";
import { isSupportReply, REPLY_KINDS } from "../../src/replies/reply.ts";
import { loadTemplates, TemplateError } from "../../src/replies/templates.ts";
import { contrast, links, occurrences, openingTags, styleOf, textColours, urls, visibleText, words } from "./read-email.ts";
import { SAMPLE_REFERENCE, SAMPLE_SETTINGS, sampleEmails, type SampleEmail } from "./sample-emails.ts";

const ARIAL = "font-family:Arial, Helvetica, sans-serif";
const NHS_BLUE = "#005EB8";
const BODY_TEXT = "#212B32";
const SUPPORT = SAMPLE_SETTINGS.supportAddress;

const templates = loadTemplates(BUNDLED_TEMPLATES);
const samples = sampleEmails(templates);
const cases = samples.map((sample) => [sample.name, sample] as const);
const toPeople = samples.filter((s) => !isSupportReply(s.reply.kind));
const toStaff = samples.filter((s) => isSupportReply(s.reply.kind));

describe("the samples", () => {
  it("cover every kind of email", () => {
    expect(new Set(samples.map((s) => s.reply.kind))).toEqual(new Set(REPLY_KINDS));
  });
});

describe.each(cases)("%s", (_name, { reply }: SampleEmail) => {
  it("opens with the NHS blue header band naming the service and NHSBSA", () => {
    expect(reply.html).toMatch(
      new RegExp(`<td[^>]*background-color:${NHS_BLUE}[^>]*>\\s*<p[^>]*>ePACT2 registrations</p>\\s*<p[^>]*>NHS Business Services Authority</p>`),
    );
    expect(reply.html.indexOf(NHS_BLUE)).toBeLessThan(reply.html.indexOf("<h1"));
  });

  it("is a 600 px table layout with inline styles only, no script and no image", () => {
    expect(reply.html).toMatch(/<table role="presentation" width="600"[^>]*style="width:600px;/);
    expect(reply.html).not.toMatch(/<(script|style|link|img|iframe|object|embed|form|svg)\b/i);
    expect(reply.html).not.toMatch(/\bclass=|@import|url\(|\bon[a-z]+=/i);
  });

  it("sets every element that holds text in Arial, body text in #212B32", () => {
    for (const tag of openingTags(reply.html, ["p", "td", "th", "li", "ul", "h1", "h2", "a"])) {
      expect(styleOf(tag), tag).toContain(ARIAL);
    }
    for (const tag of openingTags(reply.html, ["p", "h1", "h2", "li", "th"])) {
      const colour = /(?<![-\w])color:(#[0-9A-F]{6})/i.exec(styleOf(tag))?.[1];
      expect(colour, tag).toBeDefined();
    }
    expect(styleOf(openingTags(reply.html, ["h1"])[0] ?? "")).toContain(`color:${BODY_TEXT}`);
  });

  it("keeps every text colour at WCAG AA contrast (4.5:1) with its background", () => {
    for (const colour of textColours(reply.html)) {
      const background = colour === "#FFFFFF" ? NHS_BLUE : "#FFFFFF";
      expect(contrast(colour, background), colour).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("links only to the forms page, the sign-in page (the account-ready email) and the support address, and names no other URL", () => {
    const pages = reply.kind === "applicant-account-ready" ? [SAMPLE_SETTINGS.signInUrl] : [SAMPLE_SETTINGS.formsUrl];
    for (const link of links(reply.html)) expect([...pages, `mailto:${SUPPORT}`]).toContain(link);
    for (const url of urls(reply.html)) expect(pages).toContain(url);
  });

  it("says the same words in its plain-text part as in its HTML", () => {
    expect(words(reply.text)).toEqual(words(visibleText(reply.html)));
  });

  it("has a one-line subject", () => {
    expect(reply.subject).not.toMatch(/[\r\n]/);
    expect(reply.subject.length).toBeGreaterThan(10);
  });
});

describe.each(toPeople.map((s) => [s.name, s] as const))("%s, to a person", (_name, { reply }: SampleEmail) => {
  it("signs off from the Data Services Support Team and says how to contact it", () => {
    expect(reply.text).toMatch(new RegExp(`email the Data Services Support Team at ${SUPPORT}.*\\n\\nKind regards,\\nData Services Support Team\\nNHS Business Services Authority\\n`));
    const signOff = reply.html.slice(reply.html.lastIndexOf("If you have a question"));
    expect(signOff).toContain(`<a href="mailto:${SUPPORT}"`);
    expect(signOff).toMatch(/Kind regards,<br>\s*<strong[^>]*>Data Services Support Team<\/strong><br>\s*NHS Business Services Authority/);
  });

  it("carries the request reference in its subject and its body", () => {
    if (!reply.subject.includes(SAMPLE_REFERENCE)) return; // a form nobody could read opens no request
    expect(reply.subject).toContain(`[${SAMPLE_REFERENCE}]`);
    expect(reply.text).toContain(SAMPLE_REFERENCE);
    expect(visibleText(reply.html)).toContain(SAMPLE_REFERENCE);
  });
});

describe.each(toStaff.map((s) => [s.name, s] as const))("%s, to the support team", (_name, { reply }: SampleEmail) => {
  it("is plain: no greeting, no sign-off from the team to itself, and names the team's address", () => {
    expect(reply.text).not.toMatch(/^(Dear|Hello)/m);
    expect(reply.text).not.toContain("Kind regards");
    expect(reply.text).toContain(`to the Data Services Support Team (${SUPPORT})`);
    expect(reply.html).toContain(`<a href="mailto:${SUPPORT}"`);
  });
});

describe("greetings", () => {
  const greetingOf = (name: string): { text: string; html: string } => {
    const { reply } = samples.find((s) => s.name === name)!;
    return {
      text: reply.text.split("\n")[2] ?? "",
      html: /<\/h1>\s*<p[^>]*>([^<]*)<\/p>/.exec(reply.html)?.[1] ?? "",
    };
  };

  it.each([
    ["authoriser-confirmation", "Dear Dr Bob Authoriser,"],
    ["applicant-authorised", "Dear Alice Applicant,"],
    ["applicant-authorised-default", "Dear Alice Applicant,"],
    ["rejection-self-authorisation", "Dear Alice Applicant,"],
    ["applicant-self-authorisation", "Dear Alice Applicant,"],
    ["duplicate", "Dear Dr Bob Authoriser,"],
    ["referred", "Dear Dr Bob Authoriser,"],
    ["rejection", "Hello,"],
  ])("%s opens with %s, right after the heading", (name, greeting) => {
    expect(greetingOf(name)).toEqual({ text: greeting, html: greeting });
  });
});

describe("the access asked for", () => {
  it.each([
    ["authoriser-confirmation", "GP Practice Access"],
    ["applicant-authorised", "GP Practice Access"],
    ["applicant-authorised-default", "Default Dashboard Access"],
    ["rejection-self-authorisation", "GP Practice Access"],
    ["applicant-self-authorisation", "GP Practice Access"],
    ["duplicate", "GP Practice Access"],
  ])("%s names %s once, after the label Access, with no doubled colon", (name, access) => {
    const { reply } = samples.find((s) => s.name === name)!;
    for (const body of [reply.text, visibleText(reply.html).replace(/\s+/g, " ")]) {
      expect(occurrences(body, access)).toBe(1);
      expect(body).toMatch(new RegExp(`Access:? ${access}`));
      expect(body).not.toMatch(/ePACT2:|: *:/);
    }
  });

  it("the applicant's notification names the authoriser as written on the form", () => {
    const { reply } = samples.find((s) => s.name === "applicant-authorised")!;
    expect(reply.text).toContain("authorised by Dr Bob Authoriser.");
    expect(visibleText(reply.html)).toContain("authorised by Dr Bob Authoriser.");
  });
});

describe("the template files", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(path.join(dir, entry.name)) : entry.name.endsWith(".hbs") ? [path.join(dir, entry.name)] : [],
    );

  it("never print a value unescaped: no triple-stash, no {{& }}", () => {
    for (const file of files(BUNDLED_TEMPLATES)) expect(readFileSync(file, "utf8"), file).not.toMatch(/\{\{\{|\{\{~?\s*&/);
  });

  it("a template directory without a template is refused at start", () => {
    expect(() => loadTemplates("/nonexistent")).toThrow(TemplateError);
  });

  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  it("a template directory without the layout is refused at start, not at the first reply", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "templates-"));
    copies.push(dir);
    cpSync(BUNDLED_TEMPLATES, dir, { recursive: true });
    rmSync(path.join(dir, "_layout.html.hbs"));
    expect(() => loadTemplates(dir)).toThrow(/layout/);
  });
});
