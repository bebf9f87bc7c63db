// Debian's headless Chromium driven by playwright-core (nothing is downloaded), with the
// checks every page of the console gets: axe-core's WCAG 2.2 A and AA rules report nothing,
// and the browser reports no Content-Security-Policy refusal or script error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

/** A page that records what the browser complained about: CSP refusals, errors in scripts. */
export async function openPage(browser: Browser): Promise<{ page: Page; complaints: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const complaints: string[] = [];
  // Nothing leaves the machine: a request for anything but loopback is stopped, and is a
  // complaint naming the page that asked (the console's pages ask nothing of anyone else).
  await context.route(
    (url) => !LOOPBACK.has(url.hostname),
    async (route, request) => {
      complaints.push(`asked another site: ${request.url()} from ${request.frame().url()}`);
      await route.abort("blockedbyclient");
    },
  );
  // A page answered 400 or 403 on purpose is logged by Chromium as a failed load: the status
  // of each document is the test's to check; any other resource that fails is a complaint.
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) complaints.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== "document") complaints.push(`${response.status()} ${response.url()}`);
  });
  // A load cut short by the next navigation (net::ERR_ABORTED) is the test moving on, not a fault.
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "";
    if (!reason.includes("ERR_ABORTED") && LOOPBACK.has(new URL(request.url()).hostname)) complaints.push(`failed: ${request.url()} ${reason}`);
  });
  page.on("pageerror", (error) => complaints.push(error.message));
  return { page, complaints };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations of WCAG 2.0, 2.1 and 2.2 A and AA on the page as it stands, in words. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging protocol, so the page's own CSP (which forbids
  // inline scripts) is left as it is.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
