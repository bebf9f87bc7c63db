// Sign-in through OpenID Connect in Chromium, against a provider on loopback (oidc-provider):
// the authorization code flow with PKCE, the person and role taken from the ID token's
// claims, a person given no role refused, and a forged callback refused.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations, launchBrowser, openPage } from "./support/browser.ts";
import { startConsoleRig, type ConsoleRig } from "./support/console-rig.ts";
import { identityProvider, type IdentityProvider } from "./support/identity-provider.ts";

let provider: IdentityProvider;
let rig: ConsoleRig;
let browser: Browser;

beforeAll(async () => {
  provider = await identityProvider();
  rig = await startConsoleRig({
    // The console's configuration accepts only https issuers; the loopback provider is plain http.
    env: { INTAKE_OIDC_ISSUER: "https://placeholder.invalid", INTAKE_OIDC_CLIENT_ID: provider.clientId, INTAKE_OIDC_CLIENT_SECRET: provider.clientSecret },
    oidcIssuer: provider.issuer,
    oidc: { allowInsecureIssuer: true },
  });
  await provider.start(`${rig.url}/sign-in/callback`, {
    erin: { email: "Erin.Agent@nhs.net", name: "Erin Agent", roles: ["agent"] },
    fred: { email: "fred.admin@nhs.net", name: "Fred Admin", roles: ["agent", "admin"] },
    gail: { email: "gail.nobody@nhs.net", name: "Gail Nobody", roles: [] },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await rig?.close();
  await provider?.close();
});

/** Through the provider's own login and consent pages, as the person would. */
async function signInAs(page: Page, account: string, start = "/"): Promise<void> {
  await page.goto(`${rig.url}${start}`);
  await page.getByRole("button", { name: "Sign in with NHSmail" }).click();
  await page.locator("input[name=login]").fill(account);
  await page.locator("input[name=password]").fill("any");
  await page.locator("button[type=submit]").click();
  const consent = page.locator("button[type=submit]", { hasText: /continue/i });
  await page.waitForURL((url) => url.href.startsWith(rig.url) || url.pathname.includes("/interaction/"));
  if (!page.url().startsWith(rig.url)) await consent.click();
  await page.waitForURL((url) => url.href.startsWith(rig.url));
}

describe("sign-in with OpenID Connect", () => {
  it("signs an agent in through the provider, with PKCE, and back where they were going", async () => {
    const { page, complaints } = await openPage(browser);
    await page.goto(`${rig.url}/requests`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await signInAs(page, "erin", "/requests");
    expect(new URL(page.url()).pathname).toBe("/requests");
    expect(await page.locator(".nhsuk-header__account").textContent()).toContain("erin.agent@nhs.net");
    const admin = await page.goto(`${rig.url}/admin`);
    expect(admin?.status()).toBe(403);
    expect(complaints.filter((c) => !c.includes("/interaction/"))).toEqual([]);
    await page.context().close();
  });

  it("gives an admin the admin pages", async () => {
    const { page } = await openPage(browser);
    await signInAs(page, "fred");
    expect(await page.locator(".nhsuk-header__account").textContent()).toContain("fred.admin@nhs.net (admin)");
    expect((await page.goto(`${rig.url}/admin`))?.status()).toBe(200);
    await page.context().close();
  });

  it("refuses someone the provider knows but who has no role in the console", async () => {
    const { page } = await openPage(browser);
    await signInAs(page, "gail");
    expect(await page.locator("h1").textContent()).toBe("You have no role in this console");
    expect((await page.goto(`${rig.url}/`))?.url()).toContain("/sign-in");
    await page.context().close();
  });

  it("refuses a callback that did not come from a sign-in this browser began", async () => {
    const { page } = await openPage(browser);
    await page.goto(`${rig.url}/sign-in`);
    const forged = await page.goto(`${rig.url}/sign-in/callback?code=stolen&state=guessed`);
    expect(forged?.url()).toMatch(/\/sign-in$/);
    await page.getByRole("button", { name: "Sign in with NHSmail" }).click();
    await page.waitForURL((url) => !url.href.startsWith(rig.url));
    const tampered = await page.goto(`${rig.url}/sign-in/callback?code=stolen&state=guessed`);
    expect(tampered?.status()).toBe(400);
    expect(await page.locator(".nhsuk-error-summary").textContent()).toContain("Sign-in did not complete");
    await page.context().close();
  });
});
