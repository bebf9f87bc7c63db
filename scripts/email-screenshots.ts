// Renders one sample of every reply email (test/replies/sample-emails.ts: real decisions
// through composeReplies) and photographs its HTML in headless Chromium, so people can see
// what recipients see. Writes docs/emails/<name>.{html,txt,png}. Run by hand:
//   npm run emails:screenshots
// Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH); nothing is downloaded, and
// the page may fetch nothing: an email that asks for any resource stops the script.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { BUNDLED_TEMPLATES } from "../src/config/config.ts";
import { loadTemplates } from "../src/replies/templates.ts";
import { sampleEmails } from "../test/replies/sample-emails.ts";

const OUT = path.resolve(import.meta.dirname, "../docs/emails");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The 600 px email and the margins a mail client's reading pane gives it.
const VIEWPORT = { width: 680, height: 600 };

mkdirSync(OUT, { recursive: true });
const emails = sampleEmails(loadTemplates(BUNDLED_TEMPLATES));
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  const page = await browser.newPage({ viewport: VIEWPORT, javaScriptEnabled: false });
  const fetched: string[] = [];
  await page.route("**/*", async (route) => {
    fetched.push(route.request().url());
    await route.abort();
  });
  for (const { name, reply } of emails) {
    writeFileSync(path.join(OUT, `${name}.html`), reply.html);
    writeFileSync(path.join(OUT, `${name}.txt`), `Subject: ${reply.subject}\nTo: ${reply.recipient}\n\n${reply.text}`);
    await page.setContent(reply.html, { waitUntil: "load" });
    if (fetched.length > 0) throw new Error(`${name} asked for ${fetched.join(", ")}: an email must fetch nothing`);
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    console.log(`docs/emails/${name}.png  ${reply.subject}`);
  }
} finally {
  await browser.close();
}
