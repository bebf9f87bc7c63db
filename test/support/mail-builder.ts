// Raw RFC 5322 messages for tests, as real senders and servers would produce them: composed
// by nodemailer, DKIM-signed and ARC-sealed by mailauth with locally generated keys whose
// public halves go into a DNS override file, and stamped with Authentication-Results as a
// receiving server would. Forgeries (raw headers, a second From) are built on purpose,
// never hand-edited.
import { createPublicKey, generateKeyPair } from "node:crypto";
import { writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { createSeal } from "mailauth/lib/arc/index.js";
import { dkimSign } from "mailauth/lib/dkim/sign.js";
import MailComposer from "nodemailer/lib/mail-composer";

export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer | Uint8Array;
  readonly contentType?: string;
}

export interface MailOptions {
  /** "Name <address>" or a bare address; null leaves the From header out. */
  readonly from: string | null;
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly MailAttachment[];
  /** A Message-ID value; null leaves the header out entirely; absent, nodemailer makes one. */
  readonly messageId?: string | null;
  readonly inReplyTo?: string;
  readonly references?: string | readonly string[];
  readonly date?: Date;
  readonly cc?: string | readonly string[];
  readonly replyTo?: string;
  readonly sender?: string;
  /** Extra header fields, encoded by nodemailer as for any header. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Header lines written exactly as given at the top of the header block, before the
   * composed ones: "Authentication-Results: forged.example; dmarc=pass header.from=nhs.net".
   */
  readonly rawHeaders?: readonly string[];
  /** Written verbatim as a second From field right after the first: "x@example.org". */
  readonly secondFrom?: string;
}

export interface DkimKey {
  readonly domain: string;
  readonly selector: string;
  readonly privateKeyPem: string;
  /** Where the public key is published: selector._domainkey.domain */
  readonly dnsName: string;
  /** The TXT record: "v=DKIM1; k=rsa; p=..." */
  readonly dnsTxt: string;
}

export interface SignOptions {
  /** Header fields to sign instead of the usual set. mailauth refuses a list without From. */
  readonly headerList?: readonly string[];
  /** An l= body length limit. */
  readonly bodyLength?: number;
  /** c= of the signature; relaxed/relaxed when absent. */
  readonly canonicalization?: "relaxed/relaxed" | "simple/simple" | "relaxed/simple" | "simple/relaxed";
}

export interface ArcSealOptions {
  /** What the sealer concluded, the ARC-Authentication-Results after "i=N;": "mx.example.org; dmarc=pass header.from=nhs.net". */
  readonly authResults: string;
  /** cv= of the seal: none for the first set; pass or fail, as the sealer found the chain, for later ones. */
  readonly cv?: "none" | "pass" | "fail";
  /** Header fields the ARC-Message-Signature covers. */
  readonly headerList?: readonly string[];
}

const SIGNED_HEADERS = [
  "From",
  "To",
  "Cc",
  "Subject",
  "Date",
  "Message-ID",
  "In-Reply-To",
  "References",
  "Reply-To",
  "Sender",
  "MIME-Version",
  "Content-Type",
  "Content-Transfer-Encoding",
];

// DNS carries a TXT record as strings of at most 255 bytes; the override file keeps that
// shape so the resolver and mailauth's reassembly of chunks are exercised as in production.
const TXT_CHUNK = 255;

export async function buildMail(options: MailOptions): Promise<Buffer> {
  const composer = new MailComposer({
    from: options.from ?? undefined,
    to: listOf(options.to),
    cc: options.cc === undefined ? undefined : listOf(options.cc),
    replyTo: options.replyTo,
    sender: options.sender,
    subject: options.subject,
    text: options.text,
    html: options.html,
    attachments: options.attachments?.map((attachment) => ({
      filename: attachment.filename,
      content: Buffer.from(attachment.content),
      contentType: attachment.contentType,
    })),
    messageId: options.messageId ?? undefined,
    inReplyTo: options.inReplyTo,
    references: options.references === undefined ? undefined : listOf(options.references),
    date: options.date,
    headers: options.headers === undefined ? undefined : { ...options.headers },
    newline: "win",
  });
  let message = splitHeader(await composer.compile().build());
  if (options.messageId === null) {
    message = withoutField(message, "message-id");
  }
  if (options.secondFrom !== undefined) {
    message = withFieldAfter(message, "from", `From: ${options.secondFrom}`);
  }
  if (options.rawHeaders !== undefined) {
    message = { header: [...options.rawHeaders.map(headerLine), ...message.header], body: message.body };
  }
  return joinHeader(message);
}

const keyCache = new Map<string, Promise<DkimKey>>();

/** An RSA 2048 key for `domain`; the same name gives the same key for the whole process. */
export function createDkimKey(domain: string, selector: string): Promise<DkimKey> {
  const dnsName = `${selector}._domainkey.${domain}`.toLowerCase();
  let key = keyCache.get(dnsName);
  if (key === undefined) {
    key = generateDkimKey(domain, selector, dnsName);
    keyCache.set(dnsName, key);
  }
  return key;
}

/** The message with a DKIM-Signature (relaxed/relaxed) made with `key` prepended. */
export async function signMail(raw: Buffer, key: DkimKey, options: SignOptions = {}): Promise<Buffer> {
  const signature = {
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKeyPem,
    canonicalization: options.canonicalization ?? "relaxed/relaxed",
    headerList: [...(options.headerList ?? SIGNED_HEADERS)],
    ...(options.bodyLength === undefined ? {} : { maxBodyLength: options.bodyLength }),
  };
  // mailauth signs with the signatureData entries; without one it returns no signature
  // and no error, so the key goes in both places and an empty result is an error here.
  const signed = await dkimSign(raw, { ...signature, signatureData: [signature] });
  if (signed.errors.length > 0 || signed.signatures === "") {
    const reason = signed.errors.map((error) => error.err.message).join("; ") || "no signature produced";
    throw new Error(`DKIM signing with ${key.dnsName} failed: ${reason}`);
  }
  return Buffer.concat([Buffer.from(signed.signatures, "latin1"), raw]);
}

/** The message with an ARC set (RFC 8617) made with `key` prepended, numbered after the highest set already there. */
export async function sealArc(raw: Buffer, key: DkimKey, options: ArcSealOptions): Promise<Buffer> {
  const seal = {
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKeyPem,
    authResults: options.authResults,
    ...(options.cv === undefined ? {} : { cv: options.cv }),
    ...(options.headerList === undefined ? {} : { headerList: [...options.headerList] }),
  };
  const sealed = await createSeal(raw, { seal });
  if (sealed.headers.length === 0) {
    const reason = sealed.errors.map((error) => error.err.message).join("; ") || "no ARC set produced";
    throw new Error(`ARC sealing with ${key.dnsName} failed: ${reason}`);
  }
  return Buffer.concat([Buffer.from(`${sealed.headers.join("\r\n")}\r\n`, "latin1"), raw]);
}

/** Header lines added on top of the header block, in the order given (the first ends up topmost). */
export function prependHeaders(raw: Buffer, lines: readonly string[]): Buffer {
  const message = splitHeader(raw);
  return joinHeader({ header: [...lines.map(headerLine), ...message.header], body: message.body });
}

/** Header lines added at the end of the header block, as Exchange Online adds its own X-MS-* fields. */
export function appendHeaders(raw: Buffer, lines: readonly string[]): Buffer {
  const message = splitHeader(raw);
  return joinHeader({ header: [...message.header, ...lines.map(headerLine)], body: message.body });
}

/** Every field whose (lower-case) name passes `drop` removed, continuation lines and all. */
export function withoutHeaders(raw: Buffer, drop: (name: string) => boolean): Buffer {
  const message = splitHeader(raw);
  const kept = fieldRanges(message.header).filter((range) => !drop(range.name));
  return joinHeader({ header: kept.flatMap((range) => message.header.slice(range.start, range.end)), body: message.body });
}

/** Every field named `name` (case-insensitive) renamed, its value kept: "Authentication-Results-Original". */
export function renameHeaders(raw: Buffer, name: string, newName: string): Buffer {
  const message = splitHeader(raw);
  const header = [...message.header];
  for (const range of fieldRanges(header).filter((candidate) => candidate.name === name.toLowerCase())) {
    const line = header[range.start] ?? "";
    header[range.start] = `${newName}${line.slice(line.indexOf(":"))}`;
  }
  return joinHeader({ header, body: message.body });
}

/** Adds an Authentication-Results field on top, as the receiving server does. */
export function prependAuthenticationResults(raw: Buffer, value: string): Buffer {
  return Buffer.concat([Buffer.from(`${headerLine(`Authentication-Results: ${value}`)}\r\n`, "latin1"), raw]);
}

/** Writes the keys' public halves as a DNS override file (see src/sender/dns-overrides.ts). */
export function writeDnsOverrides(file: string, keys: readonly DkimKey[]): void {
  writeFileSync(file, `${JSON.stringify(dnsOverridesOf(keys), null, 2)}\n`);
}

export function dnsOverridesOf(keys: readonly DkimKey[]): Record<string, { TXT: string[][] }> {
  return Object.fromEntries(keys.map((key) => [key.dnsName, { TXT: [chunksOf(key.dnsTxt)] }]));
}

/** The key whose private half is `privateKeyPem` (PKCS#8), with the TXT record of its public half. */
export function dkimKeyFromPem(domain: string, selector: string, privateKeyPem: string): DkimKey {
  const publicDer = createPublicKey(privateKeyPem).export({ type: "spki", format: "der" });
  return { domain, selector, privateKeyPem, dnsName: `${selector}._domainkey.${domain}`.toLowerCase(), dnsTxt: `v=DKIM1; k=rsa; p=${publicDer.toString("base64")}` };
}

async function generateDkimKey(domain: string, selector: string, dnsName: string): Promise<DkimKey> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return {
    domain,
    selector,
    privateKeyPem: privateKey,
    dnsName,
    dnsTxt: `v=DKIM1; k=rsa; p=${publicKey.toString("base64")}`,
  };
}

function chunksOf(text: string): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += TXT_CHUNK) {
    chunks.push(text.slice(start, start + TXT_CHUNK));
  }
  return chunks;
}

function listOf(value: string | readonly string[]): string[] {
  return typeof value === "string" ? [value] : [...value];
}

// The header block as lines (latin1, so any bytes survive) and the rest of the message.
interface SplitMessage {
  readonly header: readonly string[];
  readonly body: Buffer;
}

function splitHeader(raw: Buffer): SplitMessage {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) {
    throw new Error("composed message has no header/body separator");
  }
  return { header: raw.subarray(0, end).toString("latin1").split("\r\n"), body: raw.subarray(end + 4) };
}

function joinHeader(message: SplitMessage): Buffer {
  return Buffer.concat([Buffer.from(`${message.header.join("\r\n")}\r\n\r\n`, "latin1"), message.body]);
}

// A header line given by a test: UTF-8 text re-expressed as latin1 so its bytes stay UTF-8,
// with any line breaks inside (folding) made CRLF.
function headerLine(line: string): string {
  return Buffer.from(line.replace(/\r?\n$/, "").replace(/\r?\n/g, "\r\n"), "utf8").toString("latin1");
}

// The index range [start, end) of each field's lines, continuation lines included.
function fieldRanges(header: readonly string[]): { name: string; start: number; end: number }[] {
  const ranges: { name: string; start: number; end: number }[] = [];
  header.forEach((line, index) => {
    const last = ranges[ranges.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.end = index + 1;
    } else {
      ranges.push({ name: line.slice(0, line.indexOf(":")).trim().toLowerCase(), start: index, end: index + 1 });
    }
  });
  return ranges;
}

function withoutField(message: SplitMessage, name: string): SplitMessage {
  const kept = fieldRanges(message.header).filter((range) => range.name !== name);
  return { header: kept.flatMap((range) => message.header.slice(range.start, range.end)), body: message.body };
}

function withFieldAfter(message: SplitMessage, name: string, line: string): SplitMessage {
  const field = fieldRanges(message.header).find((range) => range.name === name);
  if (field === undefined) {
    throw new Error(`composed message has no ${name} field`);
  }
  const header = [...message.header];
  header.splice(field.end, 0, headerLine(line));
  return { header, body: message.body };
}
