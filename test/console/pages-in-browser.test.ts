// The console's pages in headless Chromium, against cases and requests the real intake made
// (forms from the project's generator, DKIM-signed mail) and the real casework: sign-in, the queue, a case worked to its end, the requests
// search, the dashboard and the admin pages. Every page: no accessibility violation (axe-core,
// WCAG 2.2 AA), no CSP refusal or script error; the email's <script> never runs.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail, createDkimKey, signMail } from "../support/mail-builder.ts";
import { createWorkspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";
import { accessibilityViolations, launchBrowser, openPage } from "./support/browser.ts";
import { PASSWORD, startConsoleRig, type ConsoleRig } from "./support/console-rig.ts";

/**
 * Where the pages are pictured for docs/console, when asked (`npm run console:screenshots`):
 * an ordinary test run leaves the tracked pictures alone.
 */
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : null;

async function picture(name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

let rig: ConsoleRig;
let browser: Browser;
let page: Page;
let complaints: string[];
/** The console's clock runs this far ahead of the intake's, so that the cases have an age. */
const CONSOLE_AHEAD_MS = 6 * 86_400_000;
/** The cases, by what opened them: an authoriser the directory does not know, an unverified sender, a question. */
let unknownAuthoriser: number;
let unverified: number;
let question: number;

async function expectSound(where: string): Promise<void> {
  expect(await accessibilityViolations(page), where).toEqual([]);
  expect(complaints, where).toEqual([]);
}

async function signIn(email: string): Promise<void> {
  await page.goto(`${rig.url}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

beforeAll(async () => {
  const nhs = await createDkimKey("nhs.net", "console1");
  const workspace = await createWorkspace([nhs]);
  workspace.deliver(await formMail({ signWith: nhs, messageId: "<gp-form@test.example>" }), "1.A");
  workspace.deliver(await formMail({ signWith: nhs, messageId: "<unknown-org@test.example>", values: { organisation_code: "A89999", applicant_email: "carol.applicant@nhs.net" } }), "1.B");
  workspace.deliver(
    await formMail({ signWith: nhs, messageId: "<dana@test.example>", from: "Dr Dana GP <dana.gp@nhs.net>", values: { applicant_email: "dan.applicant@nhs.net", authoriser_name: "Dr Dana GP", authoriser_email: "dana.gp@nhs.net" } }),
    "1.C",
  );
  workspace.deliver(
    await buildMail({ from: "Someone <someone@nhs.net>", to: "dataservicessupport@nhsbsa.nhs.uk", subject: "Hello", text: "Hello <script>window.ranFromEmail = true</script> there", messageId: "<script@test.example>" }),
    "1.D",
  );
  workspace.deliver(
    await signMail(await buildMail({ from: "Dr Bob Authoriser <bob.authoriser@nhs.net>", to: "dataservicessupport@nhsbsa.nhs.uk", subject: "Question about ePACT2 access", text: "Which form does our pharmacist need?", messageId: "<question@test.example>" }), nhs),
    "1.E",
  );
  await workspace.runOnce();
  rig = await startConsoleRig({ workspace });
  unknownAuthoriser = await rig.caseOf("<dana@test.example>");
  unverified = await rig.caseOf("<script@test.example>");
  question = await rig.caseOf("<question@test.example>");
  // The cases are six days old to the console.
  rig.advance(CONSOLE_AHEAD_MS);
  await rig.addUser("agent.one@nhs.net", "agent");
  await rig.addUser("admin.one@nhs.net", "admin");
  browser = await launchBrowser();
  ({ page, complaints } = await openPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await rig?.close();
  rig?.workspace.remove();
});

describe("an agent's day", () => {
  it("signs in with a local account and sees the queue of open cases, oldest first", async () => {
    await page.goto(rig.url);
    await expect.poll(() => page.url()).toContain("/sign-in");
    await expectSound("sign-in page");
    await signIn("agent.one@nhs.net");
    await page.waitForURL(`${rig.url}/`);
    const cases = await page.locator("tbody tr td:first-child a").allTextContents();
    expect(cases).toEqual([unknownAuthoriser, unverified, question].map((id) => `Case ${id}`));
    expect(await page.locator("tbody tr").first().textContent()).toContain("6 days");
    await expectSound("queue");
    await picture("queue");
  });

  it("filters the queue by reason", async () => {
    await page.getByLabel("Reason").selectOption("SENDER_UNVERIFIED");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/reason=SENDER_UNVERIFIED/);
    expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual([`Case ${unverified}`]);
  });

  it("claims a case from the list", async () => {
    await page.goto(rig.url);
    await page.getByRole("button", { name: `Claim case ${question}` }).click();
    await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain("the case is now claimed");
    await page.getByRole("link", { name: "Claimed" }).click();
    await page.waitForURL(/state=claimed/);
    expect(await page.locator("tbody").textContent()).toContain("agent.one@nhs.net");
  });

  it("shows a case with the email as text: its <script> is shown, never run", async () => {
    await page.goto(`${rig.url}/cases/${unverified}`);
    expect(await page.locator(".app-email-text").first().textContent()).toContain("<script>window.ranFromEmail = true</script>");
    expect(await page.evaluate(() => (globalThis as { ranFromEmail?: boolean }).ranFromEmail)).toBeUndefined();
    await expectSound("case page");
  });

  it("works a case to its end: the email previewed, then sent, the case resolved", async () => {
    await page.goto(`${rig.url}/cases/${unknownAuthoriser}`);
    await picture("case");
    await page.locator("#accept summary").click();
    await page.getByLabel("Note for the history (optional)").fill("Confirmed with the practice by phone");
    await page.locator("#accept").getByRole("button", { name: "Preview the email" }).click();
    await expect.poll(() => page.locator("#accept-preview").textContent()).toContain("dan.applicant@nhs.net");
    await expectSound("case page with a preview");
    await page.getByRole("button", { name: "Confirm: accept the request" }).click();
    await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain("resolved: accepted");
    expect(await page.locator("h1").textContent()).toContain("Resolved");
    expect(await page.locator("#actions + p").textContent()).toContain("Nothing more can be done");
  });

  it("shows a refused action as an error summary linked to the field", async () => {
    await page.goto(`${rig.url}/cases/${unverified}`);
    await page.locator("#dismiss summary").click();
    await page.locator("#dismiss").getByRole("button", { name: "Dismiss: nothing more to do" }).click();
    await expect.poll(() => page.locator(".nhsuk-error-summary").textContent()).toContain("Say why the case needs nothing more");
    expect(await page.title()).toMatch(/^Error: /);
    await expectSound("case page with an error");
  });

  it("finds a request by organisation code and shows its history", async () => {
    await page.goto(`${rig.url}/requests`);
    await page.getByLabel("Reference, name, email address or organisation code").fill("A89999");
    await page.getByRole("button", { name: "Search" }).click();
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    await expectSound("requests search");
    await rows.first().locator("a").click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Rejected");
    expect(await page.locator(".app-timeline").textContent()).toContain("Organisation unknown");
    await expectSound("request page");
  });

  it("shows the dashboard of the last 30 days", async () => {
    await page.goto(`${rig.url}/dashboard`);
    expect(await page.locator("#chart-summary").textContent()).toContain("5 messages: 2 accepted, 1 rejected");
    await expectSound("dashboard");
    await picture("dashboard");
  });

  it("refuses an agent the admin pages", async () => {
    const response = await page.goto(`${rig.url}/admin`);
    expect(response?.status()).toBe(403);
    await expectSound("403 page");
  });

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain("You have signed out");
    const response = await page.goto(`${rig.url}/`);
    expect(response?.url()).toContain("/sign-in");
  });
});

describe("an admin's reference data", () => {
  it("adds an authoriser, with errors shown as the design system shows them", async () => {
    await signIn("admin.one@nhs.net");
    await page.waitForURL(`${rig.url}/`);
    await page.goto(`${rig.url}/admin`);
    await expectSound("admin page");
    await page.goto(`${rig.url}/admin/authorisers/add`);
    await page.getByLabel("Email address").fill("not an address");
    await page.getByRole("button", { name: "Save the entry" }).click();
    await expect.poll(() => page.locator(".nhsuk-error-summary").textContent()).toContain("is not a plausible address");
    await expectSound("add authoriser with errors");
    await page.getByLabel("Email address").fill("dana.guardian@nhs.net");
    await page.getByLabel("Full name").fill("Dana Guardian");
    await page.getByLabel("Role").selectOption("caldicott-guardian");
    await page.getByLabel("Organisation code").fill("rxx");
    await page.getByRole("button", { name: "Save the entry" }).click();
    await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain("added dana.guardian@nhs.net");
    await expectSound("directory");
  });

  it("ends an entry", async () => {
    await page.getByRole("button", { name: "End dana.guardian@nhs.net for RXX" }).click();
    await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain("ended dana.guardian@nhs.net");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() + CONSOLE_AHEAD_MS));
    expect(await page.locator("tbody").textContent()).toContain(`to ${today}`);
  });

  it("imports an organisations file, refusing a bad one whole with its lines", async () => {
    await page.goto(`${rig.url}/admin/organisations/import`);
    await expectSound("organisations import");
    await page.getByLabel("File").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("code,name,type,parent_code,status\nZZ1,Bad,no-such-type,,open\n") });
    await page.getByRole("button", { name: "Import the file" }).click();
    await expect.poll(() => page.locator(".nhsuk-error-summary").textContent()).toContain("bad.csv was not imported");
    expect(await page.locator("#problems").textContent()).toContain("Line 2");
    await page.getByLabel("File").setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from("code,name,type,parent_code,status\nRYY,Second Hospitals NHS Trust,nhs-trust,,open\n") });
    await page.getByRole("button", { name: "Import the file" }).click();
    await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain("1 new");
    await expectSound("organisations");
  });
});
