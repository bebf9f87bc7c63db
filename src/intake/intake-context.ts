// The I/O the intake works with, opened once from the configuration and passed down.
import path from "node:path";
import { ConfigError, type Config, type SettingName } from "../config/config.ts";
import { FORM_DEFINITIONS } from "../forms/definitions.ts";
import { createExaminer, examinationMemory, type Examiner } from "../examine/examiner.ts";
import type { Logger } from "../log/logger.ts";
import type { Mailbox } from "../mailbox/mailbox.ts";
import { createMailTokenSource, type TokenSource } from "../credentials/mail-token.ts";
import type { ReconnectPolicy } from "../mailbox/imap-connection.ts";
import { openMailbox } from "../mailbox/open-mailbox.ts";
import { openOutbox } from "../outbox/open-outbox.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { openDatabase, type Database } from "../records/database.ts";
import type { ReplySettings } from "../replies/compose-replies.ts";
import { newReplyMessageId } from "../replies/reply-message-id.ts";
import type { ReplyKind } from "../replies/reply.ts";
import { loadSigningKey } from "../replies/signing-key.ts";
import { loadTemplates, type Templates } from "../replies/templates.ts";
import { loadDnsOverrides, readDnsOverrides, systemResolver, type DnsResolver } from "../sender/dns-overrides.ts";

export interface IntakeContext {
  readonly config: Config;
  readonly db: Database;
  readonly mailbox: Mailbox;
  readonly outbox: Outbox;
  readonly templates: Templates;
  readonly replySettings: ReplySettings;
  /** Examines each message (header, sender, MIME, form) in a worker thread, under one budget. */
  readonly examiner: Examiner;
  readonly log: Logger;
  readonly clock: () => Date;
  /** Signs the marker in our reply Message-IDs. */
  readonly signingKey: Buffer;
  /** A fresh, signed Message-ID in the reply-from domain for each reply we make. */
  readonly replyMessageId: (kind: ReplyKind) => string;
  /** OAuth 2.0 tokens for the mail servers (one source, so one token serves both); null with passwords. */
  readonly mailToken: TokenSource | null;
}

/** A file named by a setting that cannot be used is a configuration error (exit code 2). */
function asConfigError<T>(variable: SettingName, load: () => T): T {
  try {
    return load();
  } catch (error) {
    throw new ConfigError(variable, (error as Error).message);
  }
}

/** Access tokens for the mail servers when INTAKE_MAIL_AUTH is oauth2; null for passwords. */
export function mailTokenSource(config: Config, log: Logger): TokenSource | null {
  return config.oauth ? createMailTokenSource(config.oauth, { tlsCa: config.tlsCa, log }) : null;
}

/** Where DKIM and ARC keys are looked up: the override file when one is set, DNS otherwise. */
export function senderResolver(config: Config): DnsResolver {
  const overrides = config.dnsOverridesPath;
  return overrides ? asConfigError("INTAKE_DNS_OVERRIDES", () => loadDnsOverrides(overrides)) : systemResolver;
}

/** The services open when the mailbox could not be opened (all but the mailbox), and when it was tried. */
export type MailboxNotOpened = (services: Services, startedAt: Date, error: unknown) => Promise<void>;

export interface OpenIntakeOptions {
  /** How long to keep trying an IMAP server that cannot be reached; `run --once` gives up sooner than the processor. */
  readonly mailboxReconnect?: Partial<ReconnectPolicy>;
  /**
   * Told when the mailbox cannot be opened (before everything is closed again and the error
   * thrown): `intake run` records it as a failed pass, so a login refused at every start
   * reaches the alert.
   */
  readonly onMailboxNotOpened?: MailboxNotOpened;
}

/** Everything the intake works with but the mailbox: what the support team's casework and console need. */
export type Services = Omit<IntakeContext, "mailbox">;

/**
 * Opens everything but the mailbox. Everything that can be wrong with the set-up fails here,
 * before any message is touched.
 */
export async function openServices(config: Config, log: Logger): Promise<Services> {
  const templates = asConfigError("INTAKE_TEMPLATES", () => loadTemplates(config.templatesPath));
  const overridesPath = config.dnsOverridesPath;
  const dnsOverrides = overridesPath ? asConfigError("INTAKE_DNS_OVERRIDES", () => readDnsOverrides(overridesPath)) : null;
  const db = await openDatabase(config.databasePath);
  const signingKey = loadSigningKey(config.replySigningKey, path.join(path.dirname(config.databasePath), "reply-signing.key"));
  const replyMessageId = newReplyMessageId(config.replyFrom.address.split("@")[1] ?? "localhost", signingKey);
  const replySettings: ReplySettings = {
    supportAddress: config.supportAddress,
    formsUrl: config.formsUrl,
    signInUrl: config.signInUrl,
    applicantNotifications: config.applicantNotifications,
    formTitle: (formId) => FORM_DEFINITIONS[formId].title,
  };
  const mailToken = mailTokenSource(config, log);
  return {
    config,
    db,
    outbox: openOutbox(config, mailToken, log),
    templates,
    replySettings,
    examiner: createExaminer({
      settings: {
        maxAttachmentBytes: config.maxAttachmentBytes,
        senderPolicy: config.senderEvidence,
        signingKey: new Uint8Array(signingKey),
        ownAddress: config.replyFrom.address,
      },
      dnsOverrides,
      budgetMs: config.messageBudgetMs,
      memory: examinationMemory(config.maxMessageBytes),
    }),
    log,
    clock: () => new Date(),
    signingKey,
    replyMessageId,
    mailToken,
  };
}

export async function closeServices(services: Services): Promise<void> {
  // First: it cannot fail, and its idle examiner would keep the process running.
  await services.examiner.close();
  await services.outbox.close();
  await services.db.$disconnect();
}

/** Opens everything the intake works with: the services, then the mailbox. */
export async function openIntake(config: Config, log: Logger, options: OpenIntakeOptions = {}): Promise<IntakeContext> {
  const services = await openServices(config, log);
  const opening = services.clock();
  try {
    const mailbox = await openMailbox(config, services.mailToken, log, { reconnect: options.mailboxReconnect });
    return { ...services, mailbox };
  } catch (error) {
    await options.onMailboxNotOpened?.(services, opening, error);
    await closeServices(services);
    throw error;
  }
}

export async function closeIntake(context: IntakeContext): Promise<void> {
  await context.mailbox.close();
  await closeServices(context);
}
