// The console's refusals and protections, over HTTP against the running console: who may
// reach what, CSRF on every form, the security headers, sessions that end, sign-in limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../support/mail-builder.ts";
import { createWorkspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";
import { startConsoleRig, Visitor, type ConsoleRig } from "./support/console-rig.ts";

let rig: ConsoleRig;
/** A referred form (its PDF attached), and a message whose text and subject hold markup and controls. */
let formCase: number;
let hostileCase: number;

beforeAll(async () => {
  const workspace = await createWorkspace([]);
  workspace.deliver(await formMail({ signWith: null, messageId: "<unsigned-form@nhs.net>" }), "1.A.form");
  workspace.deliver(
    await buildMail({
      from: "Someone <someone@nhs.net>",
      to: "dataservicessupport@nhsbsa.nhs.uk",
      subject: "<b>bold</b>",
      text: "Hello <script>alert('x')</script> \u001b[31mred\u202e evil",
      messageId: "<hostile-text@nhs.net>",
    }),
    "1.B.hostile",
  );
  await workspace.runOnce();
  rig = await startConsoleRig({ workspace });
  formCase = await rig.caseOf("<unsigned-form@nhs.net>");
  hostileCase = await rig.caseOf("<hostile-text@nhs.net>");
  await rig.addUser("agent.one@nhs.net", "agent");
  await rig.addUser("admin.one@nhs.net", "admin");
});
afterAll(async () => {
  await rig.close();
  rig.workspace.remove();
});

async function signedIn(email: string): Promise<Visitor> {
  const visitor = rig.visitor();
  const answer = await visitor.signIn(email);
  expect(answer.status).toBe(303);
  return visitor;
}

describe("sign-in", () => {
  it("sends a visitor without a session to the sign-in page, remembering where they were going", async () => {
    const visitor = rig.visitor();
    const answer = await visitor.get("/requests?q=A81001");
    expect(answer.status).toBe(303);
    expect(answer.location).toBe("/sign-in?next=%2Frequests%3Fq%3DA81001");
    const page = await visitor.get(answer.location ?? "");
    expect(page.status).toBe(200);
    expect(page.text).toContain("<h1 id=\"sign-in\">Sign in</h1>");
  });

  it("signs in with a local account and goes where the visitor was going", async () => {
    const visitor = rig.visitor();
    const page = await visitor.get("/sign-in?next=%2Frequests");
    const answer = await visitor.post("/sign-in", { _csrf: Visitor.csrf(page.text), email: "Agent.One@nhs.net", password: "correct horse battery staple", next: "/requests" });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe("/requests");
    expect((await visitor.get("/requests")).text).toContain("agent.one@nhs.net");
  });

  it("refuses a wrong password and an unknown address with the same words", async () => {
    const wrong = await rig.visitor().signIn("agent.one@nhs.net", "not the password at all");
    const unknown = await rig.visitor().signIn("nobody@nhs.net", "not the password at all");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    for (const answer of [wrong, unknown]) expect(answer.text).toContain("The email address or password is not correct");
  });

  it("never sends a signed-in visitor to another site after sign-in", async () => {
    const visitor = rig.visitor();
    const page = await visitor.get("/sign-in");
    const answer = await visitor.post("/sign-in", { _csrf: Visitor.csrf(page.text), email: "agent.one@nhs.net", password: "correct horse battery staple", next: "//evil.example/x" });
    expect(answer.location).toBe("/");
  });

  it("ends the session on the server at sign-out: the old cookie no longer signs anyone in", async () => {
    const visitor = await signedIn("agent.one@nhs.net");
    const copied = new Visitor(rig.url);
    for (const [name, value] of visitor.cookies) copied.cookies.set(name, value);
    expect((await copied.get("/")).status).toBe(200);
    const out = await visitor.post("/sign-out", { _csrf: await visitor.token("/") });
    expect(out.location).toBe("/sign-in");
    expect((await visitor.get("/sign-in")).text).toContain("You have signed out.");
    expect((await copied.get("/")).status).toBe(303);
  });

  it("ends a session left idle longer than INTAKE_CONSOLE_IDLE_MINUTES, and says why", async () => {
    const visitor = await signedIn("agent.one@nhs.net");
    expect((await visitor.get("/")).status).toBe(200);
    rig.advance(31 * 60_000);
    const answer = await visitor.get("/");
    expect(answer.status).toBe(303);
    expect((await visitor.get("/sign-in")).text).toContain("inactive for 30 minutes");
  });

  it("rate-limits sign-in attempts from one address", async () => {
    const limited = await startConsoleRig({ signInLimit: { max: 3, windowMs: 60_000 } });
    try {
      const visitor = limited.visitor();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) statuses.push((await visitor.signIn("x@nhs.net", "wrong password here")).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe("forms and roles", () => {
  it("refuses a post without a CSRF token, or with a forged one (403)", async () => {
    const visitor = await signedIn("agent.one@nhs.net");
    const missing = await visitor.post(`/cases/${formCase}/act`, { action: "claim" });
    const forged = await visitor.post(`/cases/${formCase}/act`, { action: "claim", _csrf: "forged-token-value" });
    const otherSession = await (await signedIn("admin.one@nhs.net")).token("/");
    const stolen = await visitor.post(`/cases/${formCase}/act`, { action: "claim", _csrf: otherSession });
    expect([missing.status, forged.status, stolen.status]).toEqual([403, 403, 403]);
  });

  it("refuses a file upload without its token, and an agent's upload to an admin page", async () => {
    const file = { name: "orgs.csv", bytes: new TextEncoder().encode("code,name,type,parent_code,status\nRZZ,Z Trust,nhs-trust,,open\n") };
    const admin = await signedIn("admin.one@nhs.net");
    expect((await admin.postFile("/admin/organisations/import", {}, file)).status).toBe(403);
    expect((await admin.postFile("/admin/organisations/import", { _csrf: "forged" }, file)).status).toBe(403);
    const agent = await signedIn("agent.one@nhs.net");
    expect((await agent.postFile("/admin/organisations/import", { _csrf: await agent.token("/") }, file)).status).toBe(403);
    const accepted = await admin.postFile("/admin/organisations/import", { _csrf: await admin.token("/admin/organisations/import") }, file);
    expect(accepted.status).toBe(303);
  });

  it("refuses a sign-in form posted without its token", async () => {
    const visitor = rig.visitor();
    await visitor.get("/sign-in");
    const answer = await visitor.post("/sign-in", { email: "agent.one@nhs.net", password: "correct horse battery staple" });
    expect(answer.status).toBe(403);
  });

  it("keeps agents out of the admin pages (403) and lets admins in", async () => {
    const agent = await signedIn("agent.one@nhs.net");
    for (const path of ["/admin", "/admin/authorisers", "/admin/organisations", "/admin/authorisers/import"]) {
      expect((await agent.get(path)).status, path).toBe(403);
    }
    const post = await agent.post("/admin/authorisers/add", { _csrf: await agent.token("/"), email: "x@nhs.net" });
    expect(post.status).toBe(403);
    const admin = await signedIn("admin.one@nhs.net");
    expect((await admin.get("/admin/authorisers")).status).toBe(200);
  });
});

describe("what pages show and send", () => {
  it("gives every page a strict Content-Security-Policy and the other security headers", async () => {
    const visitor = await signedIn("agent.one@nhs.net");
    const answer = await visitor.get("/");
    const csp = answer.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(answer.headers.get("x-frame-options")).toBe("DENY");
    expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const cookie = answer.headers.getSetCookie().join("\n") || (await rig.visitor().get("/sign-in")).headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("shows an email's text and header as text: markup escaped, control and bidi characters as escapes", async () => {
    const visitor = await signedIn("agent.one@nhs.net");
    const page = await visitor.get(`/cases/${hostileCase}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(page.text).not.toContain("<script>alert");
    expect(page.text).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(page.text).toContain("&#92;x1b[31mred&#92;u202e evil");
    expect(page.text).not.toMatch(/[\u001b\u202e]/);
  });

  it("serves an attachment only as a download of opaque bytes", async () => {
    const visitor = await signedIn("agent.one@nhs.net");
    const answer = await visitor.get(`/cases/${formCase}/attachments/0`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/octet-stream");
    expect(answer.headers.get("content-disposition")).toBe(`attachment; filename="EPACT2-GP.pdf"; filename*=UTF-8''EPACT2-GP.pdf`);
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(answer.text.startsWith("%PDF-")).toBe(true);
  });

  it("serves the design system's stylesheet without asking any other site for fonts", async () => {
    const answer = await rig.visitor().get("/assets/nhsuk-frontend.css");
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(".nhsuk-header");
    expect(answer.text).not.toMatch(/https?:\/\//);
  });
});
