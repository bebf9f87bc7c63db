// The casework in the console, in headless Chromium, against the real casework: messages
// referred by the real intake (forms from the project's generator, DKIM-signed mail), each case
// worked through the case page to its outcome, and the email it sent found in the outbox.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseworkOf } from "../../src/console/casework-binding.ts";
import { listCases } from "../../src/records/cases.ts";
import { buildMail, createDkimKey, signMail } from "../support/mail-builder.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";
import { accessibilityViolations, launchBrowser, openPage } from "./support/browser.ts";
import { PASSWORD, startConsoleRig, type ConsoleRig } from "./support/console-rig.ts";

const AGENT = "agent.two@nhs.net";
const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";

let workspace: Workspace;
let rig: ConsoleRig;
let browser: Browser;
let page: Page;
let complaints: string[];
/** Case number by the Message-ID that opened it. */
const caseOf = new Map<string, number>();

beforeAll(async () => {
  const nhs = await createDkimKey("nhs.net", "console2");
  workspace = await createWorkspace([nhs]);
  const national = (n: number) => formMail({ signWith: nhs, formId: "EPACT2-NATIONAL", messageId: `<national-${n}@nhs.net>`, values: { applicant_email: `national.${n}@nhs.net` } });
  workspace.deliver(await national(1), "1.A.accept");
  workspace.deliver(await national(2), "1.B.reject");
  workspace.deliver(await national(3), "1.C.correct");
  workspace.deliver(
    await signMail(await buildMail({ from: "Dr Bob Authoriser <bob.authoriser@nhs.net>", to: SUPPORT, subject: "Which form?", text: "Which form does our pharmacist need?", messageId: "<question@nhs.net>" }), nhs),
    "1.D.question",
  );
  workspace.deliver(
    await formMail({ signWith: nhs, messageId: "<dana@nhs.net>", from: "Dr Dana GP <dana.console@nhs.net>", values: { applicant_email: "gp.applicant@nhs.net", authoriser_name: "Dr Dana GP", authoriser_email: "dana.console@nhs.net" } }),
    "1.E.authoriser",
  );
  workspace.deliver(
    await buildMail({ from: "Someone <someone@nhs.net>", to: SUPPORT, subject: "Hello", text: "Hello <script>window.ranFromEmail = true</script> there", messageId: "<spam@nhs.net>" }),
    "1.F.spam",
  );
  await workspace.runOnce();
  rig = await startConsoleRig({ workspace, casework: caseworkOf() });
  const { cases } = await listCases(rig.services.db, { limit: 100, offset: 0 });
  for (const c of cases) if (c.messageId) caseOf.set(c.messageId, c.id);
  await rig.addUser(AGENT, "agent");
  browser = await launchBrowser();
  ({ page, complaints } = await openPage(browser));
  await page.goto(`${rig.url}/sign-in`);
  await page.getByLabel("Email address").fill(AGENT);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${rig.url}/`);
});
afterAll(async () => {
  await browser?.close();
  await rig?.close();
  workspace?.remove();
});

async function openCase(messageId: string): Promise<void> {
  const id = caseOf.get(messageId);
  expect(id, `a case for ${messageId}`).toBeDefined();
  await page.goto(`${rig.url}/cases/${id}`);
}

async function outboxSince(before: ReadonlySet<string>): Promise<SentReply[]> {
  return (await workspace.outbox()).filter((email) => !before.has(email.file));
}

const outboxNow = async (): Promise<ReadonlySet<string>> => new Set((await workspace.outbox()).map((email) => email.file));

async function expectResolved(text: string): Promise<void> {
  await expect.poll(() => page.locator(".nhsuk-notification-banner").textContent()).toContain(text);
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(complaints).toEqual([]);
}

describe("each kind of case worked to its outcome in the browser", () => {
  it("the queue lists every referred message as a case", async () => {
    await page.goto(rig.url);
    expect(await page.locator("tbody tr").count()).toBe(6);
  });

  it("accept: the email previewed, then sent to the authoriser and the applicant", async () => {
    await openCase("<national-1@nhs.net>");
    const before = await outboxNow();
    await page.locator("#accept summary").click();
    await page.getByLabel("Note for the history (optional)").fill("Justification agreed with the national team");
    await page.locator("#accept").getByRole("button", { name: "Preview the email" }).click();
    await expect.poll(() => page.locator("#accept-preview").textContent()).toContain("national.1@nhs.net");
    expect(await outboxSince(before)).toEqual([]);
    await page.getByRole("button", { name: "Confirm: accept the request" }).click();
    await expectResolved("resolved: accepted");
    expect((await outboxSince(before)).map((e) => e.to).sort()).toEqual(["bob.authoriser@nhs.net", "national.1@nhs.net"]);
    expect(await page.locator(".app-timeline").textContent()).toContain(AGENT);
  });

  it("reject: the reasons and the agent's words to the authoriser, the applicant told it went back", async () => {
    await openCase("<national-2@nhs.net>");
    const before = await outboxNow();
    await page.locator("#reject summary").click();
    await page.getByLabel("Justification required").check();
    await page.getByLabel("Words for the sender (optional)").fill("Please name the national programme.");
    await page.locator("#reject").getByRole("button", { name: "Preview the email" }).click();
    await page.getByRole("button", { name: "Confirm: reject the request" }).click();
    await expectResolved("resolved: rejected");
    const sent = await outboxSince(before);
    expect(sent.map((e) => e.to).sort()).toEqual(["bob.authoriser@nhs.net", "national.2@nhs.net"]);
    expect(sent.find((e) => e.to === "bob.authoriser@nhs.net")?.text).toContain("Please name the national programme.");
  });

  it("ask for a corrected form: the sender asked, the case waiting", async () => {
    await openCase("<national-3@nhs.net>");
    const before = await outboxNow();
    await page.locator("#ask-correction summary").click();
    await page.getByLabel("What needs correcting").fill("The justification is missing the programme name.");
    await page.locator("#ask-correction").getByRole("button", { name: "Preview the email" }).click();
    await page.getByRole("button", { name: "Confirm: ask for a corrected form" }).click();
    await expectResolved("now waiting");
    const [asked] = await outboxSince(before);
    expect(asked).toMatchObject({ to: "bob.authoriser@nhs.net", inReplyTo: "<national-3@nhs.net>" });
  });

  it("answer a question: a threaded reply to the verified sender", async () => {
    await openCase("<question@nhs.net>");
    const before = await outboxNow();
    await page.locator("#answer summary").click();
    await page.getByLabel("Your answer").fill("Please use the GP Practice Access form.");
    await page.locator("#answer").getByRole("button", { name: "Preview the email" }).click();
    await page.getByRole("button", { name: "Confirm: answer the sender" }).click();
    await expectResolved("resolved: answered");
    const [answer] = await outboxSince(before);
    expect(answer).toMatchObject({ to: "bob.authoriser@nhs.net", inReplyTo: "<question@nhs.net>" });
    expect(answer?.text).toContain("Please use the GP Practice Access form.");
  });

  it("add the authoriser: added to the directory, the form judged again and accepted", async () => {
    await openCase("<dana@nhs.net>");
    const before = await outboxNow();
    await page.locator("#add-authoriser summary").click();
    await page.locator("#add-authoriser").getByRole("button", { name: "Preview the email" }).click();
    await page.getByRole("button", { name: "Confirm: add the authoriser to the directory and judge the form again" }).click();
    await expectResolved("resolved: accepted");
    expect((await outboxSince(before)).map((e) => e.to).sort()).toEqual(["dana.console@nhs.net", "gp.applicant@nhs.net"]);
  });

  it("dismiss an unverified sender's message: its <script> shown as text, never run; nothing sent", async () => {
    await openCase("<spam@nhs.net>");
    expect(await page.locator(".app-email-text").first().textContent()).toContain("<script>window.ranFromEmail = true</script>");
    expect(await page.evaluate(() => (globalThis as { ranFromEmail?: boolean }).ranFromEmail)).toBeUndefined();
    const before = await outboxNow();
    await page.locator("#dismiss summary").click();
    await page.getByLabel("Why nothing more is needed").fill("Not a registration: spam");
    await page.locator("#dismiss").getByRole("button", { name: "Dismiss: nothing more to do" }).click();
    await expectResolved("resolved: dismissed");
    expect(await outboxSince(before)).toEqual([]);
  });
});
