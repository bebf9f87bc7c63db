// Every evidence path against mail as Exchange Online delivers it (test/support/exchange-mail.ts):
// NHSmail to a support mailbox in another Microsoft 365 tenant, to one outside Microsoft 365,
// and inside NHSmail itself; each genuine (proven) and forged by an outsider who adds the same
// headers himself (not proven).
import { beforeAll, describe, expect, it } from "vitest";
import { examineSender, type EvidenceSettings } from "../../src/sender/authenticate-sender.ts";
import { resolverFor, type DnsResolver } from "../../src/sender/dns-overrides.ts";
import type { EvidenceFinding, EvidencePathName, SenderExamination } from "../../src/sender/sender-evidence.ts";
import {
  arriveElsewhere,
  arriveInTenant,
  deliverInsideTenant,
  exchangeKeys,
  FROM_NHSMAIL_GATEWAY,
  internalStamp,
  leaveTenant,
  NHSMAIL,
  NHSMAIL_TENANT,
  OUTSIDER_M365,
  SUPPORT_TENANT,
  submitted,
  throughNhsmailGateway,
  type Arrival,
  type ExchangeKeys,
} from "../support/exchange-mail.ts";
import { appendHeaders, buildMail, createDkimKey, dnsOverridesOf, sealArc, signMail, type DkimKey, type MailOptions } from "../support/mail-builder.ts";

let keys: ExchangeKeys;
let freemail: DkimKey;
let attacker: DkimKey;
/** Signs as microsoft.com's published selector, with the attacker's own private key. */
let impostor: DkimKey;
let resolver: DnsResolver;

beforeAll(async () => {
  keys = await exchangeKeys();
  freemail = await createDkimKey("freemail.example", "mail");
  attacker = await createDkimKey("attacker.example", "arc2026");
  const attackerKey = await createDkimKey("attacker.example", "arcselector10001");
  impostor = { ...attackerKey, domain: "microsoft.com", dnsName: keys.microsoft.dnsName };
  resolver = resolverFor(new Map(Object.entries(dnsOverridesOf([...keys.published, freemail, attacker]))));
});

const SUPPORT_SERVER = "mx.support.example";
const ORGANISATION = { tenantId: NHSMAIL_TENANT, domains: ["nhs.net"] };
const DKIM_ONLY: EvidenceSettings = { trustedAuthservIds: [] };
const ARC_ONLY: EvidenceSettings = { trustDkim: false, trustedAuthservIds: [], trustedArcSealers: ["microsoft.com"] };
const ORGANISATION_ONLY: EvidenceSettings = { trustDkim: false, trustedAuthservIds: [], exchangeOrganisation: ORGANISATION };
const AUTHSERV_ONLY: EvidenceSettings = { trustDkim: false, trustedAuthservIds: [SUPPORT_SERVER, "mx.microsoft.com"] };

const FROM_INTERNET: Arrival = { host: "mail.freemail.example", ip: "203.0.113.25", envelopeDomain: "freemail.example", spfPass: true };
const FROM_OUTSIDER_TENANT: Arrival = { host: "mail-db8eur05on2101.outbound.protection.outlook.com", ip: "40.107.22.101", envelopeDomain: "outsider.onmicrosoft.com", spfPass: true };
const WORST_CASE: Partial<Arrival> = { headerFirewall: false };

const examine = (raw: Buffer, settings: EvidenceSettings): Promise<SenderExamination> => examineSender(raw, { ...settings, resolver });

function path(examination: SenderExamination, name: EvidencePathName): EvidenceFinding {
  const found = examination.paths.find((finding) => finding.path === name);
  if (found === undefined) throw new Error(`no ${name} finding`);
  return found;
}

/** Dr Bob Authoriser's message, as Outlook composes it. */
const bobWrites = (options: Partial<MailOptions> = {}): Promise<Buffer> =>
  buildMail({
    from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
    to: "dataservicessupport@nhsbsa.nhs.uk",
    subject: "ePACT2 registration form",
    text: "Please find the authorised form attached.\r\n",
    ...options,
  });

/** What left NHSmail: Exchange Online's signature and seal, then NHSmail's gateway. */
async function leftNhsmail(raw: Buffer): Promise<Buffer> {
  return throughNhsmailGateway(await leaveTenant(submitted(raw), keys, NHSMAIL, { dkim: keys.nhsmail }), keys);
}

/** NHSmail to a support mailbox in another Microsoft 365 organisation. */
async function nhsmailToOtherTenant(raw: Buffer): Promise<Buffer> {
  return arriveInTenant(await leftNhsmail(raw), keys, resolver, SUPPORT_TENANT, FROM_NHSMAIL_GATEWAY);
}

/** NHSmail to a support mailbox outside Microsoft 365, whose server writes its own Authentication-Results. */
async function nhsmailToElsewhere(raw: Buffer): Promise<Buffer> {
  return arriveElsewhere(await leftNhsmail(raw), resolver, SUPPORT_SERVER, FROM_NHSMAIL_GATEWAY);
}

/** An outsider's message claiming to be from Bob, sent from a mail server of his own, signed for his own domain. */
async function outsiderWrites(options: Partial<MailOptions> = {}): Promise<Buffer> {
  return signMail(await bobWrites(options), freemail);
}

describe("DKIM through Exchange Online", () => {
  it("proves an NHSmail sender to another tenant's mailbox by nhs.net's own signatures", async () => {
    const examination = await examine(await nhsmailToOtherTenant(await bobWrites()), DKIM_ONLY);
    expect(examination.evidence.verification).toEqual({ method: "dkim", signingDomain: "nhs.net" });
  });

  it("with INTAKE_TRUST_DKIM=no, says what DKIM found but does not count it", async () => {
    const examination = await examine(await nhsmailToOtherTenant(await bobWrites()), { trustDkim: false, trustedAuthservIds: [SUPPORT_SERVER] });
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "dkim")).toMatchObject({ outcome: "off", found: "dkim pass d=nhs.net aligned with From nhs.net" });
  });

  it("does not prove an outsider who signs for nhs.net with a key of his own", async () => {
    const forged = await signMail(await bobWrites(), { ...impostor, domain: "nhs.net", selector: "selector1", dnsName: keys.nhsmail.dnsName });
    const examination = await examine(await arriveInTenant(forged, keys, resolver, SUPPORT_TENANT, FROM_INTERNET), DKIM_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "dkim").found).toContain("d=nhs.net fail");
  });
});

describe("Authentication-Results", () => {
  it("never believes Exchange Online's, which has no authserv-id, even when it says dmarc=pass", async () => {
    const examination = await examine(await nhsmailToOtherTenant(await bobWrites()), AUTHSERV_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "authentication-results").found).toBe("authentication-results: topmost has no authserv-id, not trusted");
  });

  it("proves an NHSmail sender by the verdict of a receiving server elsewhere with a configured authserv-id", async () => {
    const examination = await examine(await nhsmailToElsewhere(await bobWrites()), AUTHSERV_ONLY);
    expect(examination.evidence.verification).toEqual({ method: "authentication-results", authservId: SUPPORT_SERVER });
  });

  it("does not prove an outsider who writes the receiving server's verdict into his own message", async () => {
    const forged = await outsiderWrites({ rawHeaders: [`Authentication-Results: ${SUPPORT_SERVER}; dkim=pass header.d=nhs.net; dmarc=pass header.from=nhs.net`] });
    const examination = await examine(await arriveElsewhere(forged, resolver, SUPPORT_SERVER, FROM_INTERNET), AUTHSERV_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "authentication-results").found).toContain(`${SUPPORT_SERVER} reports dmarc=fail`);
  });
});

describe("ARC (INTAKE_TRUSTED_ARC_SEALERS=microsoft.com)", () => {
  it("proves an NHSmail sender to another tenant's mailbox by that tenant's own seal on arrival", async () => {
    const examination = await examine(await nhsmailToOtherTenant(await bobWrites()), ARC_ONLY);
    expect(examination.evidence.verification).toEqual({ method: "arc", sealer: "microsoft.com", instance: 2 });
    expect(path(examination, "arc").found).toBe("arc: chain valid; newest set i=2 sealed by microsoft.com; its results (authserv-id mx.microsoft.com): dmarc=pass header.from=nhs.net");
  });

  it("proves an NHSmail sender to a mailbox outside Microsoft 365 by NHSmail's own seal as it left", async () => {
    const examination = await examine(await nhsmailToElsewhere(await bobWrites()), ARC_ONLY);
    expect(examination.evidence.verification).toEqual({ method: "arc", sealer: "microsoft.com", instance: 1 });
  });

  it("counts a DKIM pass aligned with the From domain in the sealer's results when DMARC was undecided", async () => {
    const sealed = await sealArc(await bobWrites(), keys.microsoft, {
      authResults: "mx.microsoft.com 1; dkim=pass (signature was verified) header.d=nhs.net; dmarc=bestguesspass action=none header.from=nhs.net",
    });
    expect((await examine(sealed, ARC_ONLY)).evidence.verification).toMatchObject({ method: "arc" });
  });

  it("is off unless a sealer is configured, and then checks no chain", async () => {
    const examination = await examine(await nhsmailToOtherTenant(await bobWrites()), { trustDkim: false, trustedAuthservIds: [] });
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc")).toMatchObject({ outcome: "off", found: "arc: not checked" });
  });

  it("when explaining, says what the switched-off path would have found, and still does not count it", async () => {
    const raw = await nhsmailToOtherTenant(await bobWrites());
    const examination = await examineSender(raw, { trustDkim: false, trustedAuthservIds: [SUPPORT_SERVER], resolver, examineOffPaths: true });
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc")).toMatchObject({
      outcome: "off",
      found: "arc: chain valid; newest set i=2 sealed by microsoft.com; its results (authserv-id mx.microsoft.com): dmarc=pass header.from=nhs.net",
    });
  });

  it("does not prove an outsider's seal that claims microsoft.com but is made with another key", async () => {
    const forged = await sealArc(await outsiderWrites(), impostor, { authResults: "mx.microsoft.com 1; dmarc=pass action=none header.from=nhs.net" });
    const examination = await examine(await arriveElsewhere(forged, resolver, SUPPORT_SERVER, FROM_INTERNET), ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").found).toMatch(/^arc: chain fail/);
  });

  it("does not prove the same forgery once the support tenant has sealed it on arrival (cv=fail, dmarc=fail)", async () => {
    const forged = await sealArc(await outsiderWrites(), impostor, { authResults: "mx.microsoft.com 1; dmarc=pass action=none header.from=nhs.net" });
    const examination = await examine(await arriveInTenant(forged, keys, resolver, SUPPORT_TENANT, FROM_INTERNET), ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").found).toMatch(/^arc: chain fail/);
  });

  it("does not prove a valid chain sealed by a sealer nobody configured, whatever its results claim", async () => {
    const forged = await sealArc(await outsiderWrites(), attacker, { authResults: "mx.microsoft.com 1; dmarc=pass action=none header.from=nhs.net" });
    const examination = await examine(await arriveElsewhere(forged, resolver, SUPPORT_SERVER, FROM_INTERNET), ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").found).toBe(
      "arc: chain valid; newest set i=1 sealed by attacker.example; its results (authserv-id mx.microsoft.com): dmarc=pass header.from=nhs.net",
    );
    expect(path(examination, "arc").why).toContain("attacker.example is not a trusted ARC sealer");
  });

  it("does not prove mail from an outsider's own Microsoft 365 tenant: Microsoft's seals report dmarc=fail for nhs.net", async () => {
    const left = await leaveTenant(await bobWrites(), keys, OUTSIDER_M365);
    const examination = await examine(await arriveInTenant(left, keys, resolver, SUPPORT_TENANT, FROM_OUTSIDER_TENANT), ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").found).toBe("arc: chain valid; newest set i=2 sealed by microsoft.com; its results (authserv-id mx.microsoft.com): dmarc=fail");
  });

  it("does not prove a genuine NHSmail seal with another sealer's set above it", async () => {
    const resealed = await sealArc(await leftNhsmail(await bobWrites()), attacker, {
      cv: "pass",
      authResults: "mx.attacker.example; dmarc=pass header.from=nhs.net; arc=pass",
    });
    const examination = await examine(resealed, ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").found).toMatch(/^arc: chain valid; newest set i=2 sealed by attacker\.example;/);
    expect(path(examination, "arc").why).toContain("attacker.example is not a trusted ARC sealer");
  });

  it("does not prove a genuine NHSmail seal replayed onto another body", async () => {
    const genuine = await nhsmailToElsewhere(await bobWrites());
    const text = genuine.toString("latin1");
    const replayed = Buffer.from(text.replace("Please find the authorised form attached.", "Please find the authorised form attached!"), "latin1");
    expect(replayed.equals(genuine)).toBe(false);
    const examination = await examine(replayed, ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").found).toMatch(/^arc: chain fail/);
  });

  it.each([
    ["dmarc=pass for another domain", "mx.microsoft.com 1; dmarc=pass action=none header.from=example.org; dkim=pass header.d=nhs.net", "another domain"],
    ["dmarc=fail beside an aligned dkim=pass", "mx.microsoft.com 1; dkim=pass header.d=nhs.net; dmarc=fail action=oreject header.from=nhs.net", "DMARC failed"],
    ["only a dkim=pass of another domain", "mx.microsoft.com 1; dkim=pass header.d=example.org; dmarc=none header.from=nhs.net", "neither"],
  ])("does not prove a trusted seal whose results give %s", async (_label, authResults, why) => {
    const sealed = await sealArc(await bobWrites(), keys.microsoft, { authResults });
    const examination = await examine(sealed, ARC_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "arc").why).toContain(why);
  });
});

describe("Exchange Online's organisation stamp (INTAKE_EXCHANGE_ORGANISATION)", () => {
  it("proves a sender inside the organisation, whose mail carries no DKIM, no Authentication-Results and no ARC", async () => {
    const examination = await examine(deliverInsideTenant(submitted(await bobWrites())), ORGANISATION_ONLY);
    expect(examination.evidence.verification).toEqual({ method: "exchange-organisation", organisation: NHSMAIL_TENANT });
    expect(path(examination, "exchange-organisation").found).toBe(
      "exchange-organisation: AuthAs Internal, AuthMechanism 04, AuthSource cwxp265mb3013.gbrp265.prod.outlook.com; no sign of mail from outside",
    );
  });

  it("proves a sender inside the organisation who submitted over SMTP AUTH", async () => {
    const examination = await examine(deliverInsideTenant(await bobWrites(), { authMechanism: "06" }), ORGANISATION_ONLY);
    expect(examination.evidence.verification?.method).toBe("exchange-organisation");
  });

  it("is off unless the organisation is configured; explaining, it says what the stamp shows", async () => {
    const raw = deliverInsideTenant(submitted(await bobWrites()));
    const examination = await examine(raw, { trustedAuthservIds: [] });
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation")).toMatchObject({ outcome: "off", found: "exchange-organisation: not checked" });
    const explained = await examineSender(raw, { trustedAuthservIds: [], resolver, examineOffPaths: true });
    expect(explained.evidence.verification).toBeNull();
    expect(path(explained, "exchange-organisation")).toMatchObject({
      outcome: "off",
      found: "exchange-organisation: AuthAs Internal, AuthMechanism 04, AuthSource cwxp265mb3013.gbrp265.prod.outlook.com; no sign of mail from outside",
    });
  });

  it("does not prove an outsider who writes the stamp himself: Exchange removes it on arrival and marks the mail Anonymous", async () => {
    const forged = appendHeaders(await outsiderWrites(), internalStamp());
    const examination = await examine(await arriveInTenant(forged, keys, resolver, NHSMAIL_TENANT, FROM_INTERNET), ORGANISATION_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation").found).toBe("exchange-organisation: AuthAs Anonymous");
  });

  it("does not prove the forged stamp even if Exchange's header firewall let it through: Exchange's own stamp is there too", async () => {
    const forged = appendHeaders(await outsiderWrites(), internalStamp());
    const examination = await examine(await arriveInTenant(forged, keys, resolver, NHSMAIL_TENANT, { ...FROM_INTERNET, ...WORST_CASE }), ORGANISATION_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation").found).toBe("exchange-organisation: 2 X-MS-Exchange-Organization-AuthAs headers");
  });

  it("does not prove a forged stamp from an outsider's own Microsoft 365 tenant, firewall or not", async () => {
    const forged = await leaveTenant(appendHeaders(await bobWrites(), internalStamp()), keys, OUTSIDER_M365);
    for (const arrival of [FROM_OUTSIDER_TENANT, { ...FROM_OUTSIDER_TENANT, ...WORST_CASE }]) {
      const examination = await examine(await arriveInTenant(forged, keys, resolver, NHSMAIL_TENANT, arrival), ORGANISATION_ONLY);
      expect(examination.evidence.verification).toBeNull();
    }
  });

  it("does not prove a stamp on mail that also carries Exchange's inbound verdict", async () => {
    const stamped = appendHeaders(await bobWrites({ rawHeaders: ["Authentication-Results: spf=pass smtp.mailfrom=nhs.net; dmarc=pass action=none header.from=nhs.net"] }), internalStamp());
    const examination = await examine(stamped, ORGANISATION_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation").found).toContain("Authentication-Results");
  });

  it("does not prove a sender at a domain the organisation was not configured with", async () => {
    const examination = await examine(deliverInsideTenant(await bobWrites({ from: "Bob <bob.authoriser@nhsbsa.nhs.uk>" })), ORGANISATION_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation").found).toBe("exchange-organisation: From domain nhsbsa.nhs.uk is not one of the organisation's domains");
  });

  it("does not prove a stamp on mail that names another tenant", async () => {
    const examination = await examine(appendHeaders(deliverInsideTenant(await bobWrites()), [`X-EOPTenantAttributedMessage: ${SUPPORT_TENANT}:0`]), ORGANISATION_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation").found).toContain(`names tenant ${SUPPORT_TENANT}`);
  });

  it.each([
    ["a value Exchange never writes", ["X-MS-Exchange-Organization-AuthAs: Internal74"], "AuthAs (unreadable value)"],
    ["no AuthMechanism", ["X-MS-Exchange-Organization-AuthAs: Internal", "X-MS-Exchange-Organization-AuthSource: mbx.prod.outlook.com"], "no X-MS-Exchange-Organization-AuthMechanism header"],
    ["an AuthMechanism that is not two hex digits", ["X-MS-Exchange-Organization-AuthAs: Internal", "X-MS-Exchange-Organization-AuthMechanism: 19x", "X-MS-Exchange-Organization-AuthSource: mbx.prod.outlook.com"], "AuthMechanism is not two hexadecimal digits"],
  ])("does not prove a stamp with %s", async (_label, stamp, found) => {
    const examination = await examine(appendHeaders(await bobWrites(), stamp), ORGANISATION_ONLY);
    expect(examination.evidence.verification).toBeNull();
    expect(path(examination, "exchange-organisation").found).toBe(`exchange-organisation: ${found}`);
  });
});

describe("the verdict and its explanation", () => {
  it("tries every configured path in order, and the first that proves the sender is the verdict", async () => {
    const examination = await examine(await nhsmailToOtherTenant(await bobWrites()), {
      trustedAuthservIds: [SUPPORT_SERVER],
      trustedArcSealers: ["microsoft.com"],
      exchangeOrganisation: ORGANISATION,
    });
    expect(examination.paths.map((finding) => [finding.path, finding.outcome])).toEqual([
      ["dkim", "proves"],
      ["authentication-results", "does-not-prove"],
      ["arc", "proves"],
      ["exchange-organisation", "does-not-prove"],
    ]);
    expect(examination.evidence.verification?.method).toBe("dkim");
  });

  it("says in the unverified detail what every configured path found", async () => {
    const forged = appendHeaders(await outsiderWrites(), internalStamp());
    const examination = await examine(await arriveInTenant(forged, keys, resolver, NHSMAIL_TENANT, FROM_INTERNET), {
      trustedAuthservIds: [],
      trustedArcSealers: ["microsoft.com"],
      exchangeOrganisation: ORGANISATION,
    });
    expect(examination.evidence.detail).toBe(
      "unverified: dkim: d=freemail.example pass but not aligned with From nhs.net; authentication-results: topmost has no authserv-id, not trusted; " +
        "arc: no ARC headers; exchange-organisation: AuthAs Anonymous",
    );
  });
});
