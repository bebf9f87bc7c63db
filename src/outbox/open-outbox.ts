// Opens the outbox the configuration names: a directory of .eml files, or an SMTP server
// (with the IMAP account's Sent folder, where the server files a copy of what it accepted).
import { trustedAuthorities, type Config } from "../config/config.ts";
import type { TokenSource } from "../credentials/mail-token.ts";
import type { Logger } from "../log/logger.ts";
import { openImapSentFolder, type SentFolder } from "../mailbox/imap-sent-folder.ts";
import { imapServer } from "../mailbox/open-mailbox.ts";
import { openEmlDirectoryOutbox } from "./eml-directory-outbox.ts";
import type { Outbox } from "./outbox.ts";
import { openSmtpOutbox, type SmtpAuth } from "./smtp-outbox.ts";

function sentFolder(config: Config, token: TokenSource | null, log: Logger): SentFolder | undefined {
  const mailbox = config.mailbox;
  if (mailbox.kind !== "imap" || mailbox.sentFolder === null) return undefined;
  return openImapSentFolder(imapServer(config, mailbox, token), mailbox.sentFolder, log);
}

export function openOutbox(config: Config, token: TokenSource | null, log: Logger): Outbox {
  const setting = config.outbox;
  if (setting.kind === "eml-directory") return openEmlDirectoryOutbox(setting.path);
  let auth: SmtpAuth | undefined;
  if (setting.user && token) auth = { kind: "oauth2", user: setting.user, token };
  else if (setting.user) auth = { kind: "password", user: setting.user, password: setting.password ?? "" };
  return openSmtpOutbox({
    host: setting.host,
    port: setting.port,
    security: setting.security,
    ...(auth ? { auth } : {}),
    tls: { rejectUnauthorized: true, ...trustedAuthorities(config.tlsCa) },
    sentFolder: sentFolder(config, token, log),
  });
}
