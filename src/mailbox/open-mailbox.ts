// Opens the mailbox the configuration names: a Maildir folder, or an IMAP account.
import { trustedAuthorities, type Config } from "../config/config.ts";
import type { TokenSource } from "../credentials/mail-token.ts";
import type { Logger } from "../log/logger.ts";
import { openImapMailbox, type ImapServer, type ReconnectPolicy } from "./imap-mailbox.ts";
import type { Mailbox } from "./mailbox.ts";
import { openMaildirMailbox } from "./maildir-mailbox.ts";

type ImapSetting = Extract<Config["mailbox"], { kind: "imap" }>;

/** The IMAP account the configuration names, with its credentials. */
export function imapServer(config: Config, setting: ImapSetting, token: TokenSource | null): ImapServer {
  return {
    host: setting.host,
    port: setting.port,
    security: setting.security,
    user: setting.user,
    auth: token ? { kind: "oauth2", token } : { kind: "password", password: setting.password ?? "" },
    tls: { rejectUnauthorized: true, ...trustedAuthorities(config.tlsCa) },
  };
}

/** `reconnect`: how long to keep trying an IMAP server; a quick look (`intake status`) gives up sooner than intake. */
export async function openMailbox(
  config: Config,
  token: TokenSource | null,
  log: Logger,
  options: { readonly reconnect?: Partial<ReconnectPolicy> } = {},
): Promise<Mailbox> {
  const setting = config.mailbox;
  if (setting.kind === "maildir") return openMaildirMailbox(setting.path, log);
  return openImapMailbox({
    ...imapServer(config, setting, token),
    inbox: setting.inbox,
    folders: setting.folders,
    log,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  });
}
