// The one configuration object, built and validated at start from INTAKE_* variables.
// Owns: reading the environment. Nothing below src/cli and src/config reads process.env.
import path from "node:path";
import cron from "node-cron";
import { InputError } from "../input-error.ts";
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

/** Every setting: variable name, default, schema and the sentence shown when it is wrong. */
const SETTINGS = {
  INTAKE_HOME: { default: ".", schema: z.string().min(1), expected: "a directory path" },
  INTAKE_MAILBOX: {
    default: "var/mailbox",
    schema: z.string().min(1),
    expected: "a Maildir directory path (or maildir:PATH)",
  },
  INTAKE_OUTBOX: { default: "var/outbox", schema: z.string().min(1), expected: "a directory path for .eml replies" },
  INTAKE_DATABASE: { default: "var/intake.db", schema: z.string().min(1), expected: "a SQLite database file path" },
  INTAKE_SCHEDULE: {
    default: "*/1 * * * *",
    schema: z.string().refine((value) => cron.validate(value)),
    expected: "a cron expression, e.g. '*/1 * * * *' for every minute",
  },
  INTAKE_SUPPORT_ADDRESS: {
    default: "dataservicessupport@nhsbsa.nhs.uk",
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
  INTAKE_TRUSTED_AUTHSERV_IDS: {
    default: "",
    schema: list,
    expected: "a comma-separated list of authserv-ids whose Authentication-Results are trusted",
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
  INTAKE_PDF_TIMEOUT_MS: {
    default: "10000",
    schema: positiveInt,
    expected: "a positive whole number of milliseconds one attachment may be read for",
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
  INTAKE_LOG_LEVEL: {
    default: "info",
    schema: z.enum(["error", "warn", "info", "debug"]),
    expected: "one of error, warn, info, debug",
  },
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
type Parsed = { [K in SettingName]: z.output<Settings[K]["schema"]> };

export interface Config {
  readonly home: string;
  readonly mailbox: { readonly kind: "maildir"; readonly path: string };
  readonly outbox: { readonly kind: "eml-directory"; readonly path: string };
  readonly databasePath: string;
  readonly schedule: string;
  readonly supportAddress: string;
  readonly replyFrom: { readonly address: string; readonly name: string };
  readonly formsUrl: string;
  readonly allowedSenderDomains: readonly string[];
  readonly applicantDomains: readonly string[];
  readonly trustedAuthservIds: readonly string[];
  readonly dnsOverridesPath: string | null;
  readonly maxAttachmentBytes: number;
  /** Reading one PDF attachment longer than this is given up (unreadable: timeout). */
  readonly pdfTimeoutMs: number;
  readonly maxMessageBytes: number;
  readonly templatesPath: string;
  readonly logLevel: "error" | "warn" | "info" | "debug";
  /** Secret for the marker in reply Message-IDs; null: kept in a key file beside the database. */
  readonly replySigningKey: string | null;
  readonly replyCapPerDay: number;
  readonly replyMaxAttempts: number;
  readonly replyRetrySeconds: number;
}

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

function maildirPath(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError("INTAKE_MAILBOX", `expected a Maildir directory path (or maildir:PATH); ${value.split(":")[0]} mailboxes are not supported yet`);
  }
  return value.startsWith("maildir:") ? value.slice("maildir:".length) : value;
}

function outboxPath(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError("INTAKE_OUTBOX", `expected a directory path for .eml replies; ${value.split(":")[0]} outboxes are not supported yet`);
  }
  return value;
}

/** Builds the configuration from an environment (process.env at start). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const s = parseSettings(env);
  const home = path.resolve(s.INTAKE_HOME);
  const inHome = (p: string): string => path.resolve(home, p);
  return {
    home,
    mailbox: { kind: "maildir", path: inHome(maildirPath(s.INTAKE_MAILBOX)) },
    outbox: { kind: "eml-directory", path: inHome(outboxPath(s.INTAKE_OUTBOX)) },
    databasePath: inHome(s.INTAKE_DATABASE),
    schedule: s.INTAKE_SCHEDULE,
    supportAddress: s.INTAKE_SUPPORT_ADDRESS.toLowerCase(),
    replyFrom: { address: s.INTAKE_REPLY_FROM.toLowerCase(), name: s.INTAKE_REPLY_FROM_NAME },
    formsUrl: s.INTAKE_FORMS_URL,
    allowedSenderDomains: s.INTAKE_ALLOWED_SENDER_DOMAINS.map((d) => d.toLowerCase()),
    applicantDomains: s.INTAKE_APPLICANT_DOMAINS.map((d) => d.toLowerCase()),
    trustedAuthservIds: s.INTAKE_TRUSTED_AUTHSERV_IDS.map((id) => id.toLowerCase()),
    dnsOverridesPath: s.INTAKE_DNS_OVERRIDES === "" ? null : inHome(s.INTAKE_DNS_OVERRIDES),
    maxAttachmentBytes: s.INTAKE_MAX_ATTACHMENT_BYTES,
    pdfTimeoutMs: s.INTAKE_PDF_TIMEOUT_MS,
    maxMessageBytes: s.INTAKE_MAX_MESSAGE_BYTES,
    templatesPath: s.INTAKE_TEMPLATES === "" ? BUNDLED_TEMPLATES : inHome(s.INTAKE_TEMPLATES),
    logLevel: s.INTAKE_LOG_LEVEL,
    replySigningKey: s.INTAKE_REPLY_SIGNING_KEY === "" ? null : s.INTAKE_REPLY_SIGNING_KEY,
    replyCapPerDay: s.INTAKE_REPLY_CAP_PER_DAY,
    replyMaxAttempts: s.INTAKE_REPLY_MAX_ATTEMPTS,
    replyRetrySeconds: s.INTAKE_REPLY_RETRY_SECONDS,
  };
}
