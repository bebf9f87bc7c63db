// The one configuration object, built and validated at start from INTAKE_* variables.
// Owns: reading the environment. Nothing below src/cli and src/config reads process.env.
import { NHSBSA_SUPPORT_ADDRESS } from "../forms/form-wording.ts";
import { readFileSync } from "node:fs";
import path from "node:path";
import tls from "node:tls";
import cron from "node-cron";
import { InputError } from "../input-error.ts";
import { APPLICANT_NOTIFICATIONS, type ApplicantNotification } from "../replies/reply.ts";
import type { EvidenceSettings } from "../sender/evidence-paths.ts";
import { z } from "zod";

/** A setting that failed validation: names the variable and what is expected. */
export class ConfigError extends InputError {
  readonly variable: string;
  constructor(variable: string, expected: string) {
    super(`${variable}: ${expected}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

const positiveInt = z.coerce.number().int().positive();

const list = z
  .string()
  .transform((s) => s.split(",").map((part) => part.trim()).filter((part) => part.length > 0));

const emailAddress = z.email();

const domainList = list.pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)));

// A Microsoft Entra tenant id, as Exchange Online writes it in its headers.
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every setting: variable name, default, schema and the sentence shown when it is wrong. */
const SETTINGS = {
  INTAKE_HOME: { default: ".", schema: z.string().min(1), expected: "a directory path" },
  INTAKE_MAILBOX: {
    default: "var/mailbox",
    schema: z.string().min(1),
    expected: "a Maildir directory path (or maildir:PATH), or imaps://USER@HOST:PORT/INBOX (imap:// for STARTTLS)",
  },
  INTAKE_OUTBOX: {
    default: "var/outbox",
    schema: z.string().min(1),
    expected: "a directory path for .eml replies, or smtp://[USER@]HOST:PORT (STARTTLS) or smtps://[USER@]HOST:PORT",
  },
  INTAKE_MAIL_AUTH: {
    default: "password",
    schema: z.enum(["password", "oauth2"]),
    expected: "password, or oauth2 (Microsoft 365 client credentials)",
  },
  INTAKE_IMAP_PASSWORD: { default: "", schema: z.string(), expected: "the IMAP account's password (secret)" },
  INTAKE_SMTP_PASSWORD: { default: "", schema: z.string(), expected: "the SMTP account's password (secret)" },
  INTAKE_OAUTH_TENANT: { default: "", schema: z.string(), expected: "the Microsoft Entra tenant id (for oauth2)" },
  INTAKE_OAUTH_CLIENT_ID: { default: "", schema: z.string(), expected: "the application (client) id (for oauth2)" },
  INTAKE_OAUTH_CLIENT_SECRET: { default: "", schema: z.string(), expected: "the client secret (for oauth2; secret)" },
  INTAKE_OAUTH_AUTHORITY_HOST: {
    default: "https://login.microsoftonline.com",
    schema: z.url({ protocol: /^https$/ }),
    expected: "the https URL of the token authority",
  },
  INTAKE_OAUTH_SCOPE: {
    default: "https://outlook.office365.com/.default",
    schema: z.string().min(1),
    expected: "the OAuth 2.0 scope of the mail token",
  },
  INTAKE_TLS_CA_FILE: {
    default: "",
    schema: z.string(),
    expected: "a PEM file of extra certificate authorities for the mail servers and the OAuth token authority, or empty",
  },
  INTAKE_FOLDER_PROCESSED: { default: "Processed", schema: z.string().min(1), expected: "an IMAP folder name" },
  INTAKE_FOLDER_REJECTED: { default: "Rejected", schema: z.string().min(1), expected: "an IMAP folder name" },
  INTAKE_FOLDER_EXCEPTIONS: { default: "Exceptions", schema: z.string().min(1), expected: "an IMAP folder name" },
  INTAKE_SENT_FOLDER: {
    default: "Sent Items",
    schema: z.string(),
    expected:
      "the IMAP folder where the mail server files a copy of what intake sends over SMTP (Exchange Online: Sent Items), " +
      "read to tell whether a reply cut short by a crash left; empty when there is none",
  },
  INTAKE_DATABASE: { default: "var/intake.db", schema: z.string().min(1), expected: "a SQLite database file path" },
  INTAKE_SCHEDULE: {
    default: "*/1 * * * *",
    schema: z.string().refine((value) => cron.validate(value)),
    expected: "a cron expression, e.g. '*/1 * * * *' for every minute",
  },
  INTAKE_SUPPORT_ADDRESS: {
    default: NHSBSA_SUPPORT_ADDRESS,
    schema: emailAddress,
    expected: "the support team's email address",
  },
  INTAKE_REPLY_FROM: {
    default: "epact2.registrations@nhsbsa.nhs.uk",
    schema: emailAddress,
    expected: "the address replies are sent from",
  },
  INTAKE_REPLY_FROM_NAME: { default: "ePACT2 Registrations", schema: z.string().min(1).max(100), expected: "a display name" },
  INTAKE_FORMS_URL: {
    default: "https://www.nhsbsa.nhs.uk/epact2/registering-epact2",
    schema: z.url({ protocol: /^https?$/ }),
    expected: "an http(s) URL where the registration forms can be downloaded",
  },
  INTAKE_SIGN_IN_URL: {
    default: "https://www.nhsbsa.nhs.uk/epact2",
    schema: z.url({ protocol: /^https?$/ }),
    expected: "the http(s) URL where applicants sign in to ePACT2, given in the 'account ready' email",
  },
  INTAKE_APPLICANT_NOTIFICATIONS: {
    default: "authorised,account-ready,returned",
    schema: list.pipe(z.array(z.enum(APPLICANT_NOTIFICATIONS))),
    expected:
      "a comma-separated list of the notifications applicants get: authorised (the request is authorised), account-ready (the account exists), returned (the form went back to the authoriser); empty for none",
  },
  INTAKE_ALLOWED_SENDER_DOMAINS: {
    default: "nhs.net",
    schema: list.pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)).min(1)),
    expected: "a comma-separated list of domains, e.g. nhs.net",
  },
  INTAKE_APPLICANT_DOMAINS: {
    default: "nhs.net",
    schema: list.pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)).min(1)),
    expected: "a comma-separated list of domains applicants' addresses may be at, e.g. nhs.net,nhsbsa.nhs.uk",
  },
  INTAKE_TRUST_DKIM: {
    default: "yes",
    schema: z.enum(["yes", "no"]),
    expected: "yes, or no to stop DKIM signatures aligned with the From domain proving senders (another evidence path must then be set)",
  },
  INTAKE_TRUSTED_AUTHSERV_IDS: {
    default: "",
    schema: list,
    expected: "a comma-separated list of authserv-ids whose Authentication-Results are trusted",
  },
  INTAKE_TRUSTED_ARC_SEALERS: {
    default: "",
    schema: domainList,
    expected: "a comma-separated list of ARC sealer domains whose newest ARC set is believed (Exchange Online seals as microsoft.com), or empty for none",
  },
  INTAKE_EXCHANGE_ORGANISATION: {
    default: "",
    schema: z.union([z.literal(""), z.string().regex(TENANT_ID)]),
    expected:
      "the tenant id (a GUID) of the Exchange Online organisation that holds both the mailbox and the senders of " +
      "INTAKE_EXCHANGE_ORGANISATION_DOMAINS, whose internal mail Exchange's own stamp then proves; or empty for none",
  },
  INTAKE_EXCHANGE_ORGANISATION_DOMAINS: {
    default: "",
    schema: domainList,
    expected: "a comma-separated list of the sender domains of INTAKE_EXCHANGE_ORGANISATION, e.g. nhs.net (required with it)",
  },
  INTAKE_DNS_OVERRIDES: {
    default: "",
    schema: z.string(),
    expected: "a path to a JSON file of DNS TXT answers, or empty for DNS",
  },
  INTAKE_MAX_ATTACHMENT_BYTES: {
    default: String(10 * 1024 * 1024),
    schema: positiveInt,
    expected: "a positive whole number of bytes",
  },
  INTAKE_MESSAGE_BUDGET_MS: {
    default: "15000",
    schema: positiveInt,
    expected:
      "a positive whole number of milliseconds one message may take to examine (its header, signatures and DNS lookups, MIME structure and every attachment together); a message that takes longer is referred",
  },
  INTAKE_MAX_MESSAGE_BYTES: {
    default: String(25 * 1024 * 1024),
    schema: positiveInt,
    expected: "a positive whole number of bytes; larger messages are referred without being read",
  },
  INTAKE_TEMPLATES: { default: "", schema: z.string(), expected: "a directory of reply templates, or empty for the bundled ones" },
  INTAKE_REPLY_SIGNING_KEY: {
    default: "",
    schema: z.string().refine((v) => v === "" || v.length >= 32),
    expected: "a secret of at least 32 characters, or empty to keep one in reply-signing.key beside the database",
  },
  INTAKE_REPLY_CAP_PER_DAY: {
    default: "10",
    schema: positiveInt,
    expected: "a positive whole number of automatic replies to one address in 24 hours",
  },
  INTAKE_REPLY_MAX_ATTEMPTS: {
    default: "8",
    schema: positiveInt,
    expected: "how many times a reply is tried before it is marked failed (a positive whole number)",
  },
  INTAKE_REPLY_RETRY_SECONDS: {
    default: "60",
    schema: positiveInt,
    expected: "seconds before the first retry of a reply; each further retry waits twice as long, up to an hour",
  },
  INTAKE_ALERT_AFTER_MINUTES: {
    default: "30",
    schema: positiveInt,
    expected: "minutes without a successful fetch from the mailbox after which intake is failing and the support team is alerted",
  },
  INTAKE_ALERT_AUTH_FAILURES: {
    default: "3",
    schema: positiveInt,
    expected: "consecutive passes refused by the mail server's authentication after which intake is failing and the support team is alerted",
  },
  INTAKE_ALERT_UNVERIFIED_FORMS: {
    default: "5",
    schema: z.coerce.number().int().min(0),
    expected:
      "how many forms in a row from an allowed sender domain may all be SENDER_UNVERIFIED before `intake status` " +
      "warns that an evidence path is missing (0: never)",
  },
  INTAKE_HEALTH_PORT: {
    default: "",
    schema: z.union([z.literal(""), z.coerce.number().int().min(1).max(65535)]),
    expected: "a TCP port for the HTTP health endpoint (GET /health) of `intake run`, or empty for none",
  },
  INTAKE_HEALTH_HOST: {
    default: "127.0.0.1",
    schema: z.string().min(1),
    expected: "the address the health endpoint listens on (127.0.0.1: this machine only)",
  },
  INTAKE_CONSOLE_PORT: {
    default: "",
    schema: z.union([z.literal(""), z.coerce.number().int().min(1).max(65535)]),
    expected: "a TCP port for the support team's console; `intake run` serves it too when set; empty: `intake console` listens on 3000 and `intake run` serves none",
  },
  INTAKE_CONSOLE_HOST: {
    default: "127.0.0.1",
    schema: z.string().min(1),
    expected: "the address the console listens on (127.0.0.1: this machine only; put a TLS proxy in front for anything else)",
  },
  INTAKE_CONSOLE_URL: {
    default: "",
    schema: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]),
    expected:
      "the console's address as people's browsers reach it, e.g. https://intake.example.nhs.uk (the OpenID Connect redirect is made from it; https makes the session cookie Secure); empty: http://HOST:PORT",
  },
  INTAKE_CONSOLE_SESSION_KEY: {
    default: "",
    schema: z.string().refine((v) => v === "" || v.length >= 32),
    expected: "a secret of at least 32 characters that encrypts the console's session cookie, or empty to keep one in console-session.key beside the database",
  },
  INTAKE_CONSOLE_SESSION_HOURS: {
    default: "8",
    schema: positiveInt.max(24),
    expected: "hours a console sign-in lasts at most (1 to 24)",
  },
  INTAKE_CONSOLE_IDLE_MINUTES: {
    default: "30",
    schema: positiveInt,
    expected: "minutes without a page asked for after which a console session ends",
  },
  INTAKE_OIDC_ISSUER: {
    default: "",
    schema: z.union([z.literal(""), z.url({ protocol: /^https$/ })]),
    expected:
      "the https URL of the OpenID Connect issuer people sign in to the console with (Entra ID: https://login.microsoftonline.com/TENANT/v2.0); empty: local accounts (`intake users add`)",
  },
  INTAKE_OIDC_CLIENT_ID: { default: "", schema: z.string(), expected: "the console's client id at the OpenID Connect issuer (required with it)" },
  INTAKE_OIDC_CLIENT_SECRET: { default: "", schema: z.string(), expected: "the console's client secret at the OpenID Connect issuer (required with it; secret)" },
  INTAKE_LOG_LEVEL: {
    default: "info",
    schema: z.enum(["error", "warn", "info", "debug"]),
    expected: "one of error, warn, info, debug",
  },
  INTAKE_LOG_FORMAT: {
    default: "auto",
    schema: z.enum(["auto", "json", "text"]),
    expected: "json (one JSON object a line), text (one plain line an entry), or auto: text when stderr is a terminal, json otherwise",
  },
  INTAKE_MAILBOX_GIVE_UP_SECONDS: {
    default: "60",
    schema: positiveInt,
    expected:
      "seconds `intake run --once` keeps trying to reach an IMAP server it cannot connect to before it gives up with exit 1 " +
      "(a positive whole number; the long-running `intake run` keeps trying)",
  },
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
type Parsed = { [K in SettingName]: z.output<Settings[K]["schema"]> };

export type MailSecurity = "tls" | "starttls";

export type MailboxSetting =
  | { readonly kind: "maildir"; readonly path: string }
  | {
      readonly kind: "imap";
      readonly host: string;
      readonly port: number;
      readonly security: MailSecurity;
      readonly user: string;
      readonly inbox: string;
      /** null with oauth2. */
      readonly password: string | null;
      readonly folders: { readonly processed: string; readonly rejected: string; readonly exceptions: string };
      /** Where the server files copies of the mail intake sends over SMTP; null when none. */
      readonly sentFolder: string | null;
    };

export type OutboxSetting =
  | { readonly kind: "eml-directory"; readonly path: string }
  | {
      readonly kind: "smtp";
      readonly host: string;
      readonly port: number;
      readonly security: MailSecurity;
      /** null: no authentication. */
      readonly user: string | null;
      readonly password: string | null;
    };

export interface OAuthSetting {
  readonly tenant: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authorityHost: string;
  readonly scope: string;
}

export interface Config {
  readonly home: string;
  readonly mailbox: MailboxSetting;
  readonly outbox: OutboxSetting;
  /** Extra certificate authorities (PEM) for the mail servers, read at start. */
  readonly tlsCa: string | null;
  /** OAuth 2.0 client credentials when INTAKE_MAIL_AUTH is oauth2. */
  readonly oauth: OAuthSetting | null;
  readonly databasePath: string;
  readonly schedule: string;
  readonly supportAddress: string;
  readonly replyFrom: { readonly address: string; readonly name: string };
  readonly formsUrl: string;
  /** Where applicants sign in to ePACT2 (the 'account ready' email). */
  readonly signInUrl: string;
  readonly applicantNotifications: ReadonlySet<ApplicantNotification>;
  readonly allowedSenderDomains: readonly string[];
  readonly applicantDomains: readonly string[];
  readonly trustedAuthservIds: readonly string[];
  /** Which evidence proves a sender (src/sender/evidence-paths.ts); trustedAuthservIds again among them. */
  readonly senderEvidence: EvidenceSettings;
  readonly dnsOverridesPath: string | null;
  readonly maxAttachmentBytes: number;
  /** Examining one message (header, sender, MIME, attachments) longer than this is cut off and the message referred. */
  readonly messageBudgetMs: number;
  readonly maxMessageBytes: number;
  readonly templatesPath: string;
  readonly logLevel: "error" | "warn" | "info" | "debug";
  /** auto: text when stderr is a terminal, json otherwise (decided by the command line, which knows). */
  readonly logFormat: "auto" | "json" | "text";
  /** How long `run --once` keeps trying an unreachable IMAP server, each time it needs a session. */
  readonly onceGiveUpMs: number;
  /** Secret for the marker in reply Message-IDs; null: kept in a key file beside the database. */
  readonly replySigningKey: string | null;
  readonly replyCapPerDay: number;
  readonly replyMaxAttempts: number;
  readonly replyRetrySeconds: number;
  /** When intake counts as failing and the support team is alerted, and when `status` warns of unproven senders. */
  readonly alerts: {
    readonly afterMinutes: number;
    readonly authFailures: number;
    /** Forms in a row from `formSenderDomains`, all unverified, that make `status` warn; 0: never. */
    readonly unverifiedForms: number;
    readonly formSenderDomains: readonly string[];
  };
  /** The HTTP health endpoint of `intake run`; null: none. */
  readonly health: { readonly port: number; readonly host: string } | null;
  /** The support team's console (src/console). */
  readonly console: ConsoleSetting;
}

/** The console's OpenID Connect client (Microsoft Entra ID in production). */
export interface OidcSetting {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface ConsoleSetting {
  /** null: `intake run` serves no console, and `intake console` listens on DEFAULT_CONSOLE_PORT. */
  readonly port: number | null;
  readonly host: string;
  /** The address people's browsers use; null: http://host:port. */
  readonly publicUrl: string | null;
  /** Encrypts the session cookie; null: kept in console-session.key beside the database. */
  readonly sessionKey: string | null;
  readonly sessionHours: number;
  readonly idleMinutes: number;
  /** null: local accounts (`intake users add`). */
  readonly oidc: OidcSetting | null;
}

export const DEFAULT_CONSOLE_PORT = 3000;

export const BUNDLED_TEMPLATES = path.resolve(import.meta.dirname, "../../templates");

export function settingNames(): readonly SettingName[] {
  return Object.keys(SETTINGS) as SettingName[];
}

export function describeSettings(): { name: SettingName; default: string; expected: string }[] {
  return settingNames().map((name) => ({ name, default: SETTINGS[name].default, expected: SETTINGS[name].expected }));
}

function parseSettings(env: Readonly<Record<string, string | undefined>>): Parsed {
  const parsed: Partial<Record<SettingName, unknown>> = {};
  for (const name of settingNames()) {
    const setting = SETTINGS[name];
    const raw = env[name] ?? setting.default;
    const result = setting.schema.safeParse(raw);
    if (!result.success) {
      throw new ConfigError(name, `expected ${setting.expected}, got ${JSON.stringify(raw)}`);
    }
    parsed[name] = result.data;
  }
  return parsed as Parsed;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function mailUrl(variable: SettingName, value: string, schemes: Record<string, { security: MailSecurity; port: number }>): URL & { security: MailSecurity; defaultPort: number } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `not a valid URL: ${value}`);
  }
  const scheme = schemes[url.protocol.replace(/:$/, "")];
  if (!scheme) throw new ConfigError(variable, `${url.protocol.replace(/:$/, "")} is not supported; use ${Object.keys(schemes).join(" or ")}`);
  if (!url.hostname) throw new ConfigError(variable, "the URL names no host");
  return Object.assign(url, { security: scheme.security, defaultPort: scheme.port });
}

function mailboxSetting(s: Parsed, inHome: (p: string) => string): MailboxSetting {
  const value = s.INTAKE_MAILBOX;
  if (!URL_SCHEME.test(value)) return { kind: "maildir", path: inHome(value.startsWith("maildir:") ? value.slice("maildir:".length) : value) };
  const url = mailUrl("INTAKE_MAILBOX", value, { imaps: { security: "tls", port: 993 }, imap: { security: "starttls", port: 143 } });
  const user = decodeURIComponent(url.username);
  if (!user) throw new ConfigError("INTAKE_MAILBOX", "the URL names no user: imaps://USER@HOST:PORT/INBOX (write @ in the user as %40)");
  if (url.password) throw new ConfigError("INTAKE_MAILBOX", "put the password in INTAKE_IMAP_PASSWORD, not in the URL");
  const password = s.INTAKE_IMAP_PASSWORD === "" ? null : s.INTAKE_IMAP_PASSWORD;
  if (s.INTAKE_MAIL_AUTH === "password" && password === null) {
    throw new ConfigError("INTAKE_IMAP_PASSWORD", "required for an IMAP mailbox with INTAKE_MAIL_AUTH=password");
  }
  return {
    kind: "imap",
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : url.defaultPort,
    security: url.security,
    user,
    inbox: decodeURIComponent(url.pathname.replace(/^\//, "")) || "INBOX",
    password,
    folders: { processed: s.INTAKE_FOLDER_PROCESSED, rejected: s.INTAKE_FOLDER_REJECTED, exceptions: s.INTAKE_FOLDER_EXCEPTIONS },
    sentFolder: s.INTAKE_SENT_FOLDER.trim() === "" ? null : s.INTAKE_SENT_FOLDER,
  };
}

function outboxSetting(s: Parsed, inHome: (p: string) => string): OutboxSetting {
  const value = s.INTAKE_OUTBOX;
  if (!URL_SCHEME.test(value)) return { kind: "eml-directory", path: inHome(value) };
  const url = mailUrl("INTAKE_OUTBOX", value, { smtps: { security: "tls", port: 465 }, smtp: { security: "starttls", port: 587 } });
  if (url.password) throw new ConfigError("INTAKE_OUTBOX", "put the password in INTAKE_SMTP_PASSWORD, not in the URL");
  const user = url.username ? decodeURIComponent(url.username) : null;
  const password = s.INTAKE_SMTP_PASSWORD === "" ? null : s.INTAKE_SMTP_PASSWORD;
  if (user && s.INTAKE_MAIL_AUTH === "password" && password === null) {
    throw new ConfigError("INTAKE_SMTP_PASSWORD", "required when INTAKE_OUTBOX names a user and INTAKE_MAIL_AUTH=password");
  }
  return { kind: "smtp", host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : url.defaultPort, security: url.security, user, password };
}

function oauthSetting(s: Parsed): OAuthSetting | null {
  if (s.INTAKE_MAIL_AUTH !== "oauth2") return null;
  for (const name of ["INTAKE_OAUTH_TENANT", "INTAKE_OAUTH_CLIENT_ID", "INTAKE_OAUTH_CLIENT_SECRET"] as const) {
    if (s[name] === "") throw new ConfigError(name, "required with INTAKE_MAIL_AUTH=oauth2");
  }
  return {
    tenant: s.INTAKE_OAUTH_TENANT,
    clientId: s.INTAKE_OAUTH_CLIENT_ID,
    clientSecret: s.INTAKE_OAUTH_CLIENT_SECRET,
    authorityHost: s.INTAKE_OAUTH_AUTHORITY_HOST.replace(/\/$/, ""),
    scope: s.INTAKE_OAUTH_SCOPE,
  };
}

function readCa(file: string): string | null {
  if (file === "") return null;
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError("INTAKE_TLS_CA_FILE", `cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * TLS `ca` for every TLS client (mail servers, token authority): Node's default set (which
 * holds NODE_EXTRA_CA_CERTS) plus INTAKE_TLS_CA_FILE. Node's `ca` replaces its defaults, so
 * a private CA alone would make outlook.office365.com untrusted; none given keeps them.
 */
export function trustedAuthorities(extraCa: string | null): { ca?: string[] } {
  return extraCa ? { ca: [...tls.getCACertificates("default"), extraCa] } : {};
}

const SECRET = "(set)";

/** The configuration with every secret replaced, for printing. */
export function withoutSecrets(config: Config): unknown {
  return {
    ...config,
    mailbox: config.mailbox.kind === "imap" ? { ...config.mailbox, password: config.mailbox.password && SECRET } : config.mailbox,
    outbox: config.outbox.kind === "smtp" ? { ...config.outbox, password: config.outbox.password && SECRET } : config.outbox,
    oauth: config.oauth && { ...config.oauth, clientSecret: SECRET },
    replySigningKey: config.replySigningKey && SECRET,
    tlsCa: config.tlsCa && "(PEM)",
    console: {
      ...config.console,
      sessionKey: config.console.sessionKey && SECRET,
      oidc: config.console.oidc && { ...config.console.oidc, clientSecret: SECRET },
    },
  };
}

function consoleSetting(s: Parsed): ConsoleSetting {
  const issuer = s.INTAKE_OIDC_ISSUER;
  if (issuer !== "") {
    for (const name of ["INTAKE_OIDC_CLIENT_ID", "INTAKE_OIDC_CLIENT_SECRET"] as const) {
      if (s[name] === "") throw new ConfigError(name, "required with INTAKE_OIDC_ISSUER");
    }
  }
  return {
    port: s.INTAKE_CONSOLE_PORT === "" ? null : s.INTAKE_CONSOLE_PORT,
    host: s.INTAKE_CONSOLE_HOST,
    publicUrl: s.INTAKE_CONSOLE_URL === "" ? null : s.INTAKE_CONSOLE_URL.replace(/\/+$/, ""),
    sessionKey: s.INTAKE_CONSOLE_SESSION_KEY === "" ? null : s.INTAKE_CONSOLE_SESSION_KEY,
    sessionHours: s.INTAKE_CONSOLE_SESSION_HOURS,
    idleMinutes: s.INTAKE_CONSOLE_IDLE_MINUTES,
    oidc: issuer === "" ? null : { issuer, clientId: s.INTAKE_OIDC_CLIENT_ID, clientSecret: s.INTAKE_OIDC_CLIENT_SECRET },
  };
}

function senderEvidence(s: Parsed): EvidenceSettings {
  const tenantId = s.INTAKE_EXCHANGE_ORGANISATION.toLowerCase();
  const domains = s.INTAKE_EXCHANGE_ORGANISATION_DOMAINS.map((d) => d.toLowerCase());
  if (tenantId !== "" && domains.length === 0) {
    throw new ConfigError("INTAKE_EXCHANGE_ORGANISATION_DOMAINS", "required with INTAKE_EXCHANGE_ORGANISATION: the sender domains of that organisation, e.g. nhs.net");
  }
  if (tenantId === "" && domains.length > 0) {
    throw new ConfigError("INTAKE_EXCHANGE_ORGANISATION", "required with INTAKE_EXCHANGE_ORGANISATION_DOMAINS: the tenant id of the organisation that holds the mailbox and those domains");
  }
  // An app-only token is issued by the tenant that holds the mailbox: another tenant id here is a mistake.
  const oauthTenant = s.INTAKE_MAIL_AUTH === "oauth2" ? s.INTAKE_OAUTH_TENANT.toLowerCase() : "";
  if (tenantId !== "" && TENANT_ID.test(oauthTenant) && oauthTenant !== tenantId) {
    throw new ConfigError("INTAKE_EXCHANGE_ORGANISATION", `the mailbox is read with a token of tenant ${oauthTenant} (INTAKE_OAUTH_TENANT), so it is not in organisation ${tenantId}`);
  }
  const trustDkim = s.INTAKE_TRUST_DKIM === "yes";
  const trustedAuthservIds = s.INTAKE_TRUSTED_AUTHSERV_IDS.map((id) => id.toLowerCase());
  const trustedArcSealers = s.INTAKE_TRUSTED_ARC_SEALERS.map((d) => d.toLowerCase());
  if (!trustDkim && trustedAuthservIds.length === 0 && trustedArcSealers.length === 0 && tenantId === "") {
    throw new ConfigError("INTAKE_TRUST_DKIM", "no with no other evidence path set (authserv-ids, ARC sealers or an Exchange organisation): no sender could ever be proven");
  }
  return { trustDkim, trustedAuthservIds, trustedArcSealers, exchangeOrganisation: tenantId === "" ? null : { tenantId, domains } };
}

/** Builds the configuration from an environment (process.env at start). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const s = parseSettings(env);
  const home = path.resolve(s.INTAKE_HOME);
  const inHome = (p: string): string => path.resolve(home, p);
  return {
    home,
    mailbox: mailboxSetting(s, inHome),
    outbox: outboxSetting(s, inHome),
    tlsCa: readCa(s.INTAKE_TLS_CA_FILE === "" ? "" : inHome(s.INTAKE_TLS_CA_FILE)),
    oauth: oauthSetting(s),
    databasePath: inHome(s.INTAKE_DATABASE),
    schedule: s.INTAKE_SCHEDULE,
    supportAddress: s.INTAKE_SUPPORT_ADDRESS.toLowerCase(),
    replyFrom: { address: s.INTAKE_REPLY_FROM.toLowerCase(), name: s.INTAKE_REPLY_FROM_NAME },
    formsUrl: s.INTAKE_FORMS_URL,
    signInUrl: s.INTAKE_SIGN_IN_URL,
    applicantNotifications: new Set(s.INTAKE_APPLICANT_NOTIFICATIONS),
    allowedSenderDomains: s.INTAKE_ALLOWED_SENDER_DOMAINS.map((d) => d.toLowerCase()),
    applicantDomains: s.INTAKE_APPLICANT_DOMAINS.map((d) => d.toLowerCase()),
    trustedAuthservIds: s.INTAKE_TRUSTED_AUTHSERV_IDS.map((id) => id.toLowerCase()),
    senderEvidence: senderEvidence(s),
    dnsOverridesPath: s.INTAKE_DNS_OVERRIDES === "" ? null : inHome(s.INTAKE_DNS_OVERRIDES),
    maxAttachmentBytes: s.INTAKE_MAX_ATTACHMENT_BYTES,
    messageBudgetMs: s.INTAKE_MESSAGE_BUDGET_MS,
    maxMessageBytes: s.INTAKE_MAX_MESSAGE_BYTES,
    templatesPath: s.INTAKE_TEMPLATES === "" ? BUNDLED_TEMPLATES : inHome(s.INTAKE_TEMPLATES),
    logLevel: s.INTAKE_LOG_LEVEL,
    logFormat: s.INTAKE_LOG_FORMAT,
    onceGiveUpMs: s.INTAKE_MAILBOX_GIVE_UP_SECONDS * 1000,
    replySigningKey: s.INTAKE_REPLY_SIGNING_KEY === "" ? null : s.INTAKE_REPLY_SIGNING_KEY,
    replyCapPerDay: s.INTAKE_REPLY_CAP_PER_DAY,
    replyMaxAttempts: s.INTAKE_REPLY_MAX_ATTEMPTS,
    replyRetrySeconds: s.INTAKE_REPLY_RETRY_SECONDS,
    alerts: {
      afterMinutes: s.INTAKE_ALERT_AFTER_MINUTES,
      authFailures: s.INTAKE_ALERT_AUTH_FAILURES,
      unverifiedForms: s.INTAKE_ALERT_UNVERIFIED_FORMS,
      formSenderDomains: s.INTAKE_ALLOWED_SENDER_DOMAINS.map((d) => d.toLowerCase()),
    },
    health: s.INTAKE_HEALTH_PORT === "" ? null : { port: s.INTAKE_HEALTH_PORT, host: s.INTAKE_HEALTH_HOST },
    console: consoleSetting(s),
  };
}
