// A real Dovecot (the Debian package) for tests, run from a temp directory with its own
// configuration: IMAPS, IMAP with STARTTLS and LMTP on free loopback ports, one user who logs
// in with a password (passwd-file) or an OAuth2 token (checked by an introspection endpoint
// in this process), a self-signed certificate made at start. The tests stop it by signalling
// its process group; nothing else on the machine is touched.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ImapFlow } from "imapflow";

const run = promisify(execFile);

export interface TestCertificate {
  /** PEM; trust it as the CA of the test server. */
  readonly certificate: string;
  readonly privateKey: string;
}

export interface StoredMessage {
  readonly uid: number;
  readonly flags: readonly string[];
  readonly sizeBytes: number;
  readonly messageId: string | null;
}

export interface Dovecot {
  readonly host: "127.0.0.1";
  readonly imapsPort: number;
  /** Plain IMAP that requires STARTTLS before login. */
  readonly imapPort: number;
  readonly lmtpPort: number;
  readonly user: string;
  readonly password: string;
  readonly certificate: string;
  /** OAuth2 access tokens that log in as `user` (XOAUTH2, OAUTHBEARER) from now on. */
  acceptTokens(...tokens: string[]): void;
  /** Every token Dovecot asked the test's introspection endpoint about, in order. */
  readonly introspected: readonly string[];
  /** Stores one message exactly as given (IMAP APPEND), in INBOX unless told. */
  deliver(raw: Buffer, folder?: string): Promise<void>;
  deliverAll(raws: readonly Buffer[], folder?: string): Promise<void>;
  /** Stores one message in a folder, creating the folder first when it is missing (as a server files its Sent copies). */
  file(raw: Buffer, folder: string): Promise<void>;
  /** Creates a folder unless it exists. */
  createFolder(folder: string): Promise<void>;
  /** What a folder holds, read with doveadm (not through IMAP). */
  list(folder: string): Promise<StoredMessage[]>;
  folders(): Promise<string[]>;
  uidValidity(folder: string): Promise<bigint>;
  /** Moves one message as a person in a mail client would (doveadm move), creating the folder. */
  moveByHand(from: string, uid: number, to: string): Promise<void>;
  /** Renumbers a folder as if it had been recreated (doveadm mailbox update --uid-validity). */
  setUidValidity(folder: string, value: bigint): Promise<void>;
  /**
   * Gives INBOX's messages each other's UIDs (the first UID names the last message, and so
   * on) under the same UIDVALIDITY, as a restore that its server does not announce would:
   * Dovecot is stopped, its UID list rewritten and its index dropped, and started again.
   */
  renumberInboxUnannounced(): Promise<void>;
  /** Empties INBOX and removes every other folder, for the next test. */
  reset(): Promise<void>;
  /** Stops serving (as a crash or a restart would) until start(); the mail stays. */
  halt(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops and removes everything. */
  stop(): Promise<void>;
}

export interface DovecotOptions {
  /** Leave IDLE out of the capabilities (as some servers and proxies do): clients must poll. */
  readonly withoutIdle?: boolean;
}

/** Dovecot 2.3's own capabilities after login, less IDLE (and NOTIFY, the other way to push). */
const CAPABILITIES_WITHOUT_IDLE =
  "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT " +
  "MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC " +
  "ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE " +
  "SAVEDATE LITERAL+";

const SEARCH_PATH = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", ...(process.env.PATH ?? "").split(":")];

const INSTALL_HINT = "install with `apt-get install -y --no-install-recommends dovecot-core dovecot-imapd dovecot-lmtpd` (.ci/run does; it brings openssl)";

function findProgram(name: string): string {
  const found = SEARCH_PATH.map((dir) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${name} not found: ${INSTALL_HINT}`);
  return found;
}

/** Signals a process group; one that has already gone is not an error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** A self-signed certificate for localhost, 127.0.0.1 and ::1, made with the openssl command (node:crypto cannot issue X.509). */
export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cert-"));
  try {
    const request = [
      ...["req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=localhost"],
      ...["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
      ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"],
      ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
    ];
    execFileSync(findProgram("openssl"), request, { stdio: ["ignore", "ignore", "pipe"] });
    return { certificate: readFileSync(path.join(dir, "cert.pem"), "utf8"), privateKey: readFileSync(path.join(dir, "key.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Free TCP ports on 127.0.0.1, held open together so that they differ. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function groupName(): string {
  return execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
}

function uidOf(name: string): number {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((entry) => entry.startsWith(`${name}:`));
  const uid = Number(line?.split(":")[2]);
  if (!line || !Number.isInteger(uid)) throw new Error(`no ${name} user: as root, mail runs as the dovecot user the package creates`);
  return uid;
}

interface Layout {
  readonly dir: string;
  readonly config: string;
  readonly log: string;
  readonly home: string;
}

/**
 * The OAuth2 side for XOAUTH2 logins: Dovecot's oauth2 passdb asks this endpoint (RFC 7662
 * style, bearer token in the Authorization header) whether a token is active and whose it is.
 */
async function startIntrospection(user: string): Promise<{ port: number; tokens: Set<string>; asked: string[]; close(): Promise<void> }> {
  const tokens = new Set<string>();
  const asked: string[] = [];
  const server = http.createServer((request, response) => {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
    asked.push(token);
    const body = tokens.has(token) ? { active: "true", username: user } : { active: "false" };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    tokens,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function writeConfig(layout: Layout, ports: { imap: number; imaps: number; lmtp: number; introspection: number }, options: DovecotOptions): void {
  const root = process.getuid?.() === 0;
  const me = os.userInfo();
  // As root, mail cannot run as uid 0: it runs as the package's dovecot user. Unprivileged,
  // every service runs as the invoking user and none can chroot.
  const mailUid = root ? uidOf("dovecot") : me.uid;
  const mailUser = root ? "dovecot" : me.username;
  const unprivileged = root
    ? ""
    : `default_internal_user = ${me.username}
default_internal_group = ${groupName()}
default_login_user = ${me.username}
service imap-urlauth-login {
  chroot =
}
`;
  writeFileSync(
    path.join(layout.dir, "oauth2.conf.ext"),
    `introspection_mode = auth
introspection_url = http://127.0.0.1:${ports.introspection}/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
`,
  );
  writeFileSync(
    layout.config,
    `# Written by test/support/dovecot.ts for one test run.
base_dir = ${layout.dir}/run
state_dir = ${layout.dir}/state
log_path = ${layout.log}
instance_name = ${path.basename(layout.dir)}
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <${layout.dir}/cert.pem
ssl_key = <${layout.dir}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login xoauth2 oauthbearer
# A login after a failed one would otherwise wait about 4 s.
auth_failure_delay = 0
mail_location = maildir:~/Maildir
# Test mail: no fsync per saved message (APPEND is 10 ms a message with it).
mail_fsync = never
first_valid_uid = ${mailUid}
last_valid_uid = ${mailUid}
${unprivileged}
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN ${layout.dir}/passwd
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${layout.dir}/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = ${layout.dir}/passwd
  default_fields = uid=${mailUser} gid=${root ? "dovecot" : me.gid} home=${layout.home}/%u
}
protocol imap {
  mail_max_userip_connections = 200
  ${options.withoutIdle ? `imap_capability = ${CAPABILITIES_WITHOUT_IDLE}` : ""}
}
service imap-login {
  ${root ? "" : "chroot ="}
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${ports.imaps}
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${ports.lmtp}
  }
}
service anvil {
  ${root ? "" : "chroot ="}
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`,
  );
}

const USER = "intake@example.test";
const PASSWORD = "intake-test-password";

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const dovecot = findProgram("dovecot");
  const doveadm = findProgram("doveadm");
  // Unix socket paths must stay under 107 bytes: keep base_dir short.
  const parent = os.tmpdir().length <= 40 ? os.tmpdir() : "/tmp";
  const dir = mkdtempSync(path.join(parent, "dv-"));
  const layout: Layout = { dir, config: path.join(dir, "dovecot.conf"), log: path.join(dir, "dovecot.log"), home: path.join(dir, "home") };
  chmodSync(dir, 0o755); // the dovecot user reaches the mail home through it
  mkdirSync(layout.home);
  if (process.getuid?.() === 0) chownSync(layout.home, uidOf("dovecot"), Number(execFileSync("id", ["-g", "dovecot"], { encoding: "utf8" })));
  const certificate = makeTestCertificate();
  writeFileSync(path.join(dir, "cert.pem"), certificate.certificate);
  writeFileSync(path.join(dir, "key.pem"), certificate.privateKey, { mode: 0o600 });
  writeFileSync(path.join(dir, "passwd"), `${USER}:{PLAIN}${PASSWORD}::::::\n`);

  const introspection = await startIntrospection(USER);
  let ports = { imap: 0, imaps: 0, lmtp: 0, introspection: introspection.port };
  let master: ChildProcess | null = null;
  let admin: ImapFlow | null = null;
  const killGroup = (): void => {
    if (master?.pid && master.exitCode === null) signalGroup(master.pid, "SIGKILL");
  };

  const logTail = (): string => (existsSync(layout.log) ? readFileSync(layout.log, "utf8").split("\n").slice(-15).join("\n") : "(no log)");

  async function launch(): Promise<void> {
    const output = openSync(path.join(dir, "dovecot.out"), "a");
    // Own process group (detached): the master's pid is the group to signal. Output goes to a
    // file, never to a pipe this process would have to drain.
    const child = spawn(dovecot, ["-F", "-c", layout.config], { detached: true, stdio: ["ignore", output, output] });
    closeSync(output);
    master = child;
    process.once("exit", killGroup);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode} at start:\n${logTail()}`);
      const ready = await Promise.all([ports.imaps, ports.imap, ports.lmtp].map(canConnect));
      if (ready.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error(`dovecot did not listen within 10 s:\n${logTail()}`);
      await sleep(25);
    }
    // The auth process starts lazily; the first login would pay for it.
    await run(doveadm, ["-c", layout.config, "auth", "test", USER, PASSWORD]);
  }

  async function halt(): Promise<void> {
    const child = master;
    master = null;
    process.off("exit", killGroup);
    admin?.close();
    admin = null;
    if (!child?.pid || child.exitCode !== null) return;
    const pid = child.pid;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signalGroup(pid, "SIGTERM");
    const late = setTimeout(() => signalGroup(pid, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(late);
  }

  for (let attempt = 1; ; attempt++) {
    const [imap, imaps, lmtp] = await freePorts(3);
    ports = { imap: imap as number, imaps: imaps as number, lmtp: lmtp as number, introspection: introspection.port };
    writeConfig(layout, ports, options);
    try {
      await launch();
      break;
    } catch (error) {
      await halt();
      if (attempt < 3) continue; // a port taken between choosing and binding: choose again
      await introspection.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const doveadmJson = async <T>(args: readonly string[]): Promise<T[]> => {
    const { stdout } = await run(doveadm, ["-c", layout.config, "-f", "json", ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim() ? (JSON.parse(stdout) as T[]) : [];
  };

  const adminClient = async (): Promise<ImapFlow> => {
    if (admin?.usable) return admin;
    admin = new ImapFlow({
      host: "127.0.0.1",
      port: ports.imaps,
      secure: true,
      auth: { user: USER, pass: PASSWORD },
      tls: { ca: certificate.certificate },
      logger: false,
      disableAutoIdle: true,
    });
    admin.on("error", () => undefined); // a halted server drops it; the next delivery opens another
    await admin.connect();
    return admin;
  };

  const server: Dovecot = {
    host: "127.0.0.1",
    get imapsPort() {
      return ports.imaps;
    },
    get imapPort() {
      return ports.imap;
    },
    get lmtpPort() {
      return ports.lmtp;
    },
    user: USER,
    password: PASSWORD,
    certificate: certificate.certificate,
    introspected: introspection.asked,

    acceptTokens(...tokens: string[]): void {
      for (const token of tokens) introspection.tokens.add(token);
    },

    async deliver(raw: Buffer, folder = "INBOX"): Promise<void> {
      await server.deliverAll([raw], folder);
    },

    async deliverAll(raws: readonly Buffer[], folder = "INBOX"): Promise<void> {
      const client = await adminClient();
      for (const raw of raws) {
        if (!(await client.append(folder, raw))) throw new Error(`APPEND to ${folder} failed`);
      }
    },

    async file(raw: Buffer, folder: string): Promise<void> {
      await server.createFolder(folder);
      const client = await adminClient();
      if (!(await client.append(folder, raw))) throw new Error(`APPEND to ${folder} failed`);
    },

    async createFolder(folder: string): Promise<void> {
      const client = await adminClient();
      if (!(await client.list()).some((entry) => entry.path === folder)) await client.mailboxCreate(folder);
    },

    async list(folder: string): Promise<StoredMessage[]> {
      const rows = await doveadmJson<Record<string, string>>(["fetch", "-u", USER, "uid flags size.virtual hdr.message-id", "mailbox", folder, "all"]);
      return rows.map((row) => ({
        uid: Number(row.uid),
        flags: (row.flags ?? "").split(" ").filter(Boolean),
        sizeBytes: Number(row["size.virtual"]),
        messageId: row["hdr.message-id"]?.trim() || null,
      }));
    },

    async folders(): Promise<string[]> {
      const rows = await doveadmJson<{ mailbox: string }>(["mailbox", "list", "-u", USER]);
      return rows.map((row) => row.mailbox).sort();
    },

    async uidValidity(folder: string): Promise<bigint> {
      const [row] = await doveadmJson<{ uidvalidity: string }>(["mailbox", "status", "-u", USER, "uidvalidity", folder]);
      if (!row) throw new Error(`no status for ${folder}`);
      return BigInt(row.uidvalidity);
    },

    async moveByHand(from: string, uid: number, to: string): Promise<void> {
      if (!(await server.folders()).includes(to)) await run(doveadm, ["-c", layout.config, "mailbox", "create", "-u", USER, to]);
      await run(doveadm, ["-c", layout.config, "move", "-u", USER, to, "mailbox", from, "uid", String(uid)]);
    },

    async setUidValidity(folder: string, value: bigint): Promise<void> {
      await run(doveadm, ["-c", layout.config, "mailbox", "update", "-u", USER, "--uid-validity", String(value), folder]);
    },

    async renumberInboxUnannounced(): Promise<void> {
      await halt();
      const maildir = path.join(layout.home, USER, "Maildir");
      const uidlist = path.join(maildir, "dovecot-uidlist");
      const [header = "", ...lines] = readFileSync(uidlist, "utf8").split("\n").filter((line) => line.trim() !== "");
      const rows = lines.map((line) => /^(\d+) (.*)$/.exec(line)).filter((row) => row !== null);
      const uids = rows.map((row) => row[1]);
      const files = rows.map((row) => row[2]).reverse();
      writeFileSync(uidlist, `${header}\n${uids.map((uid, index) => `${uid} ${files[index]}`).join("\n")}\n`);
      for (const index of ["dovecot.index", "dovecot.index.log", "dovecot.index.log.2", "dovecot.index.cache"]) {
        rmSync(path.join(maildir, index), { force: true });
      }
      await launch();
    },

    async reset(): Promise<void> {
      admin?.close();
      admin = null;
      await run(doveadm, ["-c", layout.config, "expunge", "-u", USER, "mailbox", "*", "all"]);
      const others = (await server.folders()).filter((folder) => folder !== "INBOX");
      if (others.length > 0) await run(doveadm, ["-c", layout.config, "mailbox", "delete", "-u", USER, "-s", ...others]);
    },

    halt,
    start: launch,

    async restart(): Promise<void> {
      await halt();
      await launch();
    },

    async stop(): Promise<void> {
      await halt();
      await introspection.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
