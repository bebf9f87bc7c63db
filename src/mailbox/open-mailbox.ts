// Opens the mailbox the configuration names: a Maildir folder, or an IMAP account.
import type { Config } from "../config/config.ts";
import type { TokenSource } from "../credentials/mail-token.ts";
import type { Logger } from "../log/logger.ts";
import { openImapMailbox } from "./imap-mailbox.ts";
import type { Mailbox } from "./mailbox.ts";
import { openMaildirMailbox } from "./maildir-mailbox.ts";

export async function openMailbox(config: Config, token: TokenSource | null, log: Logger): Promise<Mailbox> {
  const setting = config.mailbox;
  if (setting.kind === "maildir") return openMaildirMailbox(setting.path);
  return openImapMailbox({
    host: setting.host,
    port: setting.port,
    security: setting.security,
    user: setting.user,
    auth: token ? { kind: "oauth2", token } : { kind: "password", password: setting.password ?? "" },
    tls: { rejectUnauthorized: true, ...(config.tlsCa ? { ca: config.tlsCa } : {}) },
    inbox: setting.inbox,
    folders: setting.folders,
    log,
  });
}
