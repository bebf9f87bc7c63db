// Mail as Exchange Online (Microsoft 365, and so NHSmail) delivers it to a mailbox read over
// IMAP, reconstructed from Microsoft's documentation and public delivered headers (README:
// "Proving senders on Microsoft 365 and NHSmail"): leaving a tenant, NHSmail's outbound
// gateway, arriving in another tenant from the internet or another tenant, and mail inside one
// tenant. Real signatures and seals throughout, made with keys generated here and published in
// the DNS override file: nhs.net's two DKIM keys and a "microsoft.com" ARC key. Each step adds
// what Exchange adds where Exchange adds it: Received, ARC and Authentication-Results on top,
// its X-MS-Exchange-* fields at the bottom. Every verdict Exchange writes is computed here the
// honest way (a DKIM signature that verifies and aligns, or SPF for an aligned envelope), so a
// forgery gets the verdict Microsoft would give it, never the one the forger wants.
import { arc } from "mailauth/lib/arc/index.js";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import type { ARCData } from "mailauth";
import { isAlignedSigningDomain } from "../../src/sender/dkim.ts";
import type { DnsResolver } from "../../src/sender/dns-overrides.ts";
import { readFromHeader } from "../../src/message/from-header.ts";
import { appendHeaders, createDkimKey, prependHeaders, renameHeaders, sealArc, signMail, withoutHeaders, type DkimKey } from "./mail-builder.ts";

/** NHSmail's tenant (synthetic). */
export const NHSMAIL_TENANT = "1b7c7a4e-5d3f-4f0e-9c1a-6a0b2c3d4e5f";
/** The tenant of a support mailbox kept in a Microsoft 365 organisation of its own (synthetic). */
export const SUPPORT_TENANT = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";
/** An outsider's own Microsoft 365 tenant (synthetic). */
export const OUTSIDER_TENANT = "0f1e2d3c-4b5a-4697-8877-665544332211";

export interface ExchangeKeys {
  /** Exchange Online's DKIM signature for NHSmail (s=selector1, d=nhs.net). */
  readonly nhsmail: DkimKey;
  /** NHSmail's outbound gateway's own signature (s=securehl, d=nhs.net, simple/simple over From:To:Date). */
  readonly nhsmailGateway: DkimKey;
  /** Exchange Online's ARC sealer (d=microsoft.com). */
  readonly microsoft: DkimKey;
  /** Every public key, for the DNS override file. */
  readonly published: readonly DkimKey[];
}

export async function exchangeKeys(): Promise<ExchangeKeys> {
  const [nhsmail, nhsmailGateway, microsoft] = await Promise.all([
    createDkimKey("nhs.net", "selector1"),
    createDkimKey("nhs.net", "securehl"),
    createDkimKey("microsoft.com", "arcselector10001"),
  ]);
  return { nhsmail, nhsmailGateway, microsoft, published: [nhsmail, nhsmailGateway, microsoft] };
}

// What Exchange Online's ARC-Message-Signature and its own DKIM signature cover (public samples, 2019-2026).
const EXCHANGE_AMS_HEADERS = [
  "From",
  "Date",
  "Subject",
  "Message-ID",
  "Content-Type",
  "MIME-Version",
  "X-MS-Exchange-AntiSpam-MessageData-ChunkCount",
  "X-MS-Exchange-AntiSpam-MessageData-0",
  "X-MS-Exchange-AntiSpam-MessageData-1",
];
const EXCHANGE_DKIM_HEADERS = ["From", "Date", "Subject", "Message-ID", "Content-Type", "MIME-Version", "X-MS-Exchange-SenderADCheck"];

const DATE = "Mon, 7 Dec 2026 09:15:02 +0000";
const MAILBOX_SERVER = "CWXP265MB3013.GBRP265.PROD.OUTLOOK.COM";

export interface Tenant {
  readonly tenantId: string;
  /** Domains the tenant has verified: Exchange asserts DMARC for its own mailboxes' mail only for these. */
  readonly acceptedDomains: readonly string[];
}

export const NHSMAIL: Tenant = { tenantId: NHSMAIL_TENANT, acceptedDomains: ["nhs.net"] };
export const OUTSIDER_M365: Tenant = { tenantId: OUTSIDER_TENANT, acceptedDomains: ["outsider.onmicrosoft.com"] };

/** An Outlook user's message as submitted to Exchange Online ("with mapi"), before Exchange sends it anywhere. */
export function submitted(raw: Buffer): Buffer {
  const withReceived = prependHeaders(raw, [`Received: from ${MAILBOX_SERVER} ([fe80::1c2d:3e4f:5a6b:7c8d]) by ${MAILBOX_SERVER} ([fe80::1c2d:3e4f:5a6b:7c8d%5]) with mapi id 15.20.8207.010; ${DATE}`]);
  return appendHeaders(withReceived, ["Accept-Language: en-GB, en-US", "Content-Language: en-US", "X-MS-Has-Attach: yes", "X-MS-TNEF-Correlator:"]);
}

/**
 * What Exchange Online adds when a message leaves `tenant` for another organisation: its
 * originating fields (lower-case, as the store writes them), its own DKIM signature when the
 * tenant signs, and an ARC set i=1 sealed as microsoft.com with its egress verdict, which
 * asserts DMARC pass only for the tenant's own domains.
 */
export async function leaveTenant(raw: Buffer, keys: ExchangeKeys, tenant: Tenant, options: { dkim?: DkimKey | null } = {}): Promise<Buffer> {
  const fromDomain = fromDomainOf(raw);
  const own = tenant.acceptedDomains.includes(fromDomain);
  const originating = appendHeaders(raw, [
    `authentication-results: dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=${fromDomain};`,
    "x-ms-publictraffictype: Email",
    "x-ms-exchange-senderadcheck: 1",
    "x-ms-exchange-antispam-relay: 0",
    "x-microsoft-antispam: BCL:0;ARA:13230040|1800799024|366016|376014;",
    `x-forefront-antispam-report: CIP:255.255.255.255;CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:${MAILBOX_SERVER};PTR:;CAT:NONE;SFS:(13230040);DIR:OUT;SFP:1101;`,
    "x-ms-exchange-antispam-messagedata-chunkcount: 1",
    "x-ms-exchange-antispam-messagedata-0: dGVzdCBmaXh0dXJlIG9ubHk=",
    `X-OriginatorOrg: ${fromDomain}`,
    "X-MS-Exchange-CrossTenant-AuthAs: Internal",
    `X-MS-Exchange-CrossTenant-AuthSource: ${MAILBOX_SERVER}`,
    "X-MS-Exchange-CrossTenant-Network-Message-Id: 5f2c1d7e-8a9b-4c3d-2e1f-08dc8f9a7b6c",
    `X-MS-Exchange-CrossTenant-originalarrivaltime: ${DATE}`,
    "X-MS-Exchange-CrossTenant-fromentityheader: Hosted",
    `X-MS-Exchange-CrossTenant-id: ${tenant.tenantId}`,
    "X-MS-Exchange-CrossTenant-mailboxtype: HOSTED",
    `X-MS-Exchange-Transport-CrossTenantHeadersStamped: ${MAILBOX_SERVER}`,
  ]);
  const signed = own && options.dkim ? await signMail(originating, options.dkim, { headerList: EXCHANGE_DKIM_HEADERS }) : originating;
  const verdict = own
    ? `mx.microsoft.com 1; spf=pass smtp.mailfrom=${fromDomain}; dmarc=pass action=none header.from=${fromDomain}; dkim=pass header.d=${fromDomain}; arc=none`
    : `mx.microsoft.com 1; spf=fail (sender ip is 198.51.100.7) smtp.rcpttodomain=nhsbsa.nhs.uk smtp.mailfrom=${tenant.acceptedDomains[0] ?? "invalid"}; dmarc=fail (p=reject sp=reject pct=100) action=oreject header.from=${fromDomain}; dkim=none (message not signed); arc=none`;
  const sealed = await sealArc(signed, keys.microsoft, { authResults: verdict, headerList: EXCHANGE_AMS_HEADERS });
  return prependHeaders(sealed, [
    `Received: from ${MAILBOX_SERVER} (2603:10a6:400:1b2::9) by LO2P265MB5405.GBRP265.PROD.OUTLOOK.COM (2603:10a6:600:24b::13) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8207.10; ${DATE}`,
  ]);
}

/** NHSmail's outbound gateway: relays what left Exchange Online, judges it, and signs it again for nhs.net. */
export async function throughNhsmailGateway(raw: Buffer, keys: ExchangeKeys): Promise<Buffer> {
  const relayed = prependHeaders(raw, [
    "Received: from smtp2.e.amses.net (op-hepims12.ops.amses.net [127.0.0.1]) by IMSVA (Postfix) with ESMTP id 4W3x7Z2Qk9z9v; " + DATE,
    "X-IMSS-DMARC-Authentication-Results: spf=fail (sender IP address:104.47.85.104) smtp.mailfrom=nhs.net; dkim=pass() header.d=nhs.net; dmarc=pass policy=reject action=none header.from=nhs.net",
    `Received: from GBR01-LO4-obe.outbound.protection.outlook.com (mail-lo4gbr01lp2104.outbound.protection.outlook.com [104.47.85.104]) by smtp2.e.amses.net (Postfix) with ESMTPS; ${DATE}`,
  ]);
  const signed = await signMail(relayed, keys.nhsmailGateway, { headerList: ["From", "To", "Date"], canonicalization: "simple/simple" });
  return prependHeaders(signed, [`Received: from smtp2.e.amses.net (IMSVA) by smtp2.e.amses.net (Postfix) with ESMTP; ${DATE}`]);
}

export interface Arrival {
  /** The connecting host and its address, as Exchange's Frontend Transport saw them. */
  readonly host: string;
  readonly ip: string;
  /** The envelope sender's domain, and whether SPF passed for the connecting address. */
  readonly envelopeDomain: string;
  readonly spfPass: boolean;
  /**
   * Microsoft's header firewall, documented for Exchange Server: X-MS-Exchange-Organization-*
   * removed from mail arriving from outside (Exchange Online has also been seen removing the
   * sender's X-MS-Exchange-CrossTenant-* and renaming earlier verdicts to -Original). False: the
   * worst case, where a forger's own headers survive next to the ones Exchange writes.
   */
  readonly headerFirewall?: boolean;
}

/** Mail from NHSmail's gateway, as the support tenant's Frontend Transport receives it. */
export const FROM_NHSMAIL_GATEWAY: Arrival = { host: "smtp2.e.amses.net", ip: "213.161.89.103", envelopeDomain: "nhs.net", spfPass: true };
/** Mail straight from an Exchange Online tenant's outbound servers (no gateway). */
export const FROM_EXCHANGE_OUTBOUND: Arrival = { host: "mail-lo2gbr01on2120.outbound.protection.outlook.com", ip: "40.107.11.120", envelopeDomain: "nhs.net", spfPass: true };

/**
 * What the support mailbox's own tenant adds when a message arrives from outside it (the
 * internet, or another tenant): the header firewall, its Authentication-Results (no
 * authserv-id) and Received-SPF on top, an ARC set of its own when the message already has a
 * chain, and its inbound X-MS-Exchange-* block at the bottom.
 */
export async function arriveInTenant(raw: Buffer, keys: ExchangeKeys, resolver: DnsResolver, tenantId: string, arrival: Arrival): Promise<Buffer> {
  const firewalled = arrival.headerFirewall === false ? raw : headerFirewall(raw);
  const verdict = await honestVerdict(firewalled, resolver, arrival);
  const frontDoor = "LO1PEPF00001A4B.eop-gbr01.prod.protection.outlook.com";
  let message = prependHeaders(firewalled, [
    `Authentication-Results: spf=${verdict.spf} (sender IP is ${arrival.ip}) smtp.mailfrom=${arrival.envelopeDomain}; ${verdict.dkim.join(";")};dmarc=${verdict.dmarc} action=${verdict.dmarc === "pass" ? "none" : "oreject"} header.from=${verdict.fromDomain};compauth=${verdict.dmarc === "pass" ? "pass reason=100" : "fail reason=000"}`,
    `Received-SPF: ${verdict.spf === "pass" ? "Pass" : "Fail"} (protection.outlook.com: domain of ${arrival.envelopeDomain} ${verdict.spf === "pass" ? "designates" : "does not designate"} ${arrival.ip} as permitted sender) receiver=protection.outlook.com; client-ip=${arrival.ip}; helo=${arrival.host}; pr=C`,
    `Received: from ${arrival.host} (${arrival.ip}) by ${frontDoor} (10.167.242.75) with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8207.10 via Frontend Transport; ${DATE}`,
  ]);
  message = prependHeaders(message, [
    `Received: from DU2PR04CA0123.eurprd04.prod.outlook.com (2603:10a6:10:230::8) by LO4P265MB6543.GBRP265.PROD.OUTLOOK.COM (2603:10a6:600:2f4::11) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8207.10; ${DATE}`,
    `Received: from ${frontDoor} (2603:10a6:10:230:cafe::2) by DU2PR04CA0123.outlook.office365.com (2603:10a6:10:230::8) with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8207.10 via Frontend Transport; ${DATE}`,
  ]);
  if (verdict.arc !== "none") {
    // Exchange Online seals on arrival only a message that already carries a chain.
    const oda = verdict.arc === "pass" ? "1" : "0";
    const aar = `mx.microsoft.com 1; spf=${verdict.spf} (sender ip is ${arrival.ip}) smtp.rcpttodomain=nhsbsa.nhs.uk smtp.mailfrom=${arrival.envelopeDomain}; dmarc=${verdict.dmarc} action=${verdict.dmarc === "pass" ? "none" : "oreject"} header.from=${verdict.fromDomain}; ${verdict.dkim.join("; ")}; arc=${verdict.arc} (0 oda=${oda} ltdi=1)`;
    message = await sealArc(message, keys.microsoft, { authResults: aar, cv: verdict.arc, headerList: EXCHANGE_AMS_HEADERS });
  }
  message = prependHeaders(message, [`Received: from LO4P265MB6543.GBRP265.PROD.OUTLOOK.COM (::1) by LO4P265MB1234.GBRP265.PROD.OUTLOOK.COM with HTTPS; ${DATE}`]);
  return appendHeaders(message, [
    `Return-Path: bob.authoriser@${arrival.envelopeDomain}`,
    `X-MS-Exchange-Organization-ExpirationStartTime: ${DATE}`,
    "X-MS-Exchange-Organization-ExpirationStartTimeReason: OriginalSubmit",
    "X-MS-Exchange-Organization-ExpirationInterval: 1:00:00:00.0000000",
    "X-MS-Exchange-Organization-ExpirationIntervalReason: OriginalSubmit",
    "X-MS-Exchange-Organization-Network-Message-Id: 7a6b5c4d-3e2f-4a1b-0c9d-08dd16e2f3a4",
    "X-EOPAttributedMessage: 0",
    `X-EOPTenantAttributedMessage: ${tenantId}:0`,
    "X-MS-Exchange-Organization-MessageDirectionality: Incoming",
    `X-MS-Exchange-Organization-AuthSource: ${frontDoor}`,
    "X-MS-Exchange-Organization-AuthAs: Anonymous",
    "X-MS-Exchange-Organization-SCL: 1",
    "X-Microsoft-Antispam: BCL:0;ARA:13230040;",
    `X-Forefront-Antispam-Report: CIP:${arrival.ip};CTRY:GB;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:${arrival.host};PTR:${arrival.host};CAT:NONE;SFS:(13230040);DIR:INB;`,
    `X-MS-Exchange-CrossTenant-OriginalArrivalTime: ${DATE}`,
    "X-MS-Exchange-CrossTenant-Network-Message-Id: 7a6b5c4d-3e2f-4a1b-0c9d-08dd16e2f3a4",
    `X-MS-Exchange-CrossTenant-Id: ${tenantId}`,
    `X-MS-Exchange-CrossTenant-AuthSource: ${frontDoor}`,
    "X-MS-Exchange-CrossTenant-AuthAs: Anonymous",
    "X-MS-Exchange-CrossTenant-FromEntityHeader: Internet",
    "X-MS-Exchange-Transport-CrossTenantHeadersStamped: LO4P265MB6543.GBRP265.PROD.OUTLOOK.COM",
    "X-MS-Exchange-Transport-EndToEndLatency: 00:00:02.9313244",
    "X-MS-Exchange-Processed-By-BccFoldering: 15.20.8207.010",
    "X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;auth:0;dest:I;ENG:(910001)(944506478)(944626604)(920097)(930097);",
    "X-Microsoft-Antispam-Message-Info: dGVzdCBmaXh0dXJlIG9ubHk=",
  ]);
}

/** The fields Exchange writes on mail from one mailbox of a tenant to another of the same tenant. */
export function internalStamp(options: { authMechanism?: string } = {}): string[] {
  return [
    "X-MS-Exchange-Organization-AuthAs: Internal",
    `X-MS-Exchange-Organization-AuthMechanism: ${options.authMechanism ?? "04"}`,
    `X-MS-Exchange-Organization-AuthSource: ${MAILBOX_SERVER}`,
    "X-MS-Exchange-Organization-Network-Message-Id: 2d3e4f5a-6b7c-4d8e-9f0a-08dd16e2aaaa",
    "X-MS-Exchange-Organization-SCL: -1",
    "X-MS-Exchange-Organization-RecordReviewCfmType: 0",
    "x-ms-publictraffictype: Email",
    "X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;auth:0;dest:I;ENG:(910001)(944506478)(944626604)(920097)(930097);",
    "X-Microsoft-Antispam-Message-Info: dGVzdCBmaXh0dXJlIG9ubHk=",
  ];
}

/**
 * A message from one mailbox of a tenant to another of the same tenant (a support mailbox on
 * NHSmail itself): no DKIM signature, no Authentication-Results, no ARC (public samples).
 */
export function deliverInsideTenant(raw: Buffer, options: { authMechanism?: string } = {}): Buffer {
  const relayed = prependHeaders(raw, [
    `Received: from LO2P265MB5405.GBRP265.PROD.OUTLOOK.COM (2603:10a6:600:24b::13) by LO4P265MB1234.GBRP265.PROD.OUTLOOK.COM with HTTPS; ${DATE}`,
    `Received: from ${MAILBOX_SERVER} (2603:10a6:400:1b2::9) by LO2P265MB5405.GBRP265.PROD.OUTLOOK.COM (2603:10a6:600:24b::13) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8207.10; ${DATE}`,
  ]);
  return appendHeaders(relayed, internalStamp(options));
}

/** What a mail server elsewhere (not Microsoft 365) adds on arrival: its own Authentication-Results, with its authserv-id. */
export async function arriveElsewhere(raw: Buffer, resolver: DnsResolver, authservId: string, arrival: Arrival): Promise<Buffer> {
  const verdict = await honestVerdict(raw, resolver, arrival);
  return prependHeaders(raw, [
    `Received: from ${arrival.host} (${arrival.host} [${arrival.ip}]) by ${authservId} (Postfix) with ESMTPS; ${DATE}`,
    `Authentication-Results: ${authservId}; ${verdict.dkim.join("; ")}; spf=${verdict.spf} smtp.mailfrom=${arrival.envelopeDomain}; dmarc=${verdict.dmarc} header.from=${verdict.fromDomain}; arc=${verdict.arc}`,
  ]);
}

// Exchange's header firewall on arrival, and its renaming of earlier verdicts.
function headerFirewall(raw: Buffer): Buffer {
  const stripped = withoutHeaders(raw, (name) => name.startsWith("x-ms-exchange-organization-") || name.startsWith("x-ms-exchange-forest-") || name.startsWith("x-ms-exchange-crosstenant-"));
  let renamed = renameHeaders(stripped, "authentication-results", "Authentication-Results-Original");
  renamed = renameHeaders(renamed, "x-forefront-antispam-report", "X-Forefront-Antispam-Report-Untrusted");
  return renameHeaders(renamed, "x-microsoft-antispam", "X-Microsoft-Antispam-Untrusted");
}

interface Verdict {
  readonly fromDomain: string;
  readonly spf: "pass" | "fail";
  /** One "dkim=..." result per signature, as Exchange writes them. */
  readonly dkim: readonly string[];
  readonly dmarc: "pass" | "fail";
  readonly arc: "none" | "pass" | "fail";
}

// DMARC passes when a signature that verifies aligns with the From domain, or SPF passed for an aligned envelope.
async function honestVerdict(raw: Buffer, resolver: DnsResolver, arrival: Arrival): Promise<Verdict> {
  const fromDomain = fromDomainOf(raw);
  const verified = await dkimVerify(raw, { resolver });
  const signatures = verified.results.filter((result) => result.signingDomain !== undefined);
  const dkim = signatures.length === 0
    ? ["dkim=none (message not signed)"]
    : signatures.map((result) => `dkim=${result.status.result === "pass" ? "pass (signature was verified)" : "fail (body hash did not verify)"} header.d=${result.signingDomain ?? ""}`);
  const dkimAligned = signatures.some((result) => result.status.result === "pass" && isAlignedSigningDomain((result.signingDomain ?? "").toLowerCase(), fromDomain));
  const spfAligned = arrival.spfPass && isAlignedSigningDomain(arrival.envelopeDomain, fromDomain);
  const chain = verified.arc;
  const arcResult = chain === undefined || (chain.chain === false && chain.error === undefined) ? null : await arc(chain as ARCData, { resolver });
  return {
    fromDomain,
    spf: arrival.spfPass ? "pass" : "fail",
    dkim,
    dmarc: dkimAligned || spfAligned ? "pass" : "fail",
    arc: arcResult === null ? "none" : arcResult.status.result === "pass" ? "pass" : "fail",
  };
}

function fromDomainOf(raw: Buffer): string {
  const { from } = readFromHeader(raw);
  if (from === null) throw new Error("fixture has no single From address");
  return from.domain;
}
