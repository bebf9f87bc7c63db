// Mailbox on the embedded defaults: a Maildir (new/ cur/ tmp/) with Maildir++ subfolders
// for the outcomes. Messages are taken from new/ and cur/; a message is filed by renaming
// it into the outcome folder's cur/ marked seen, which is atomic on one file system. New mail
// is watched for with fs.watch on new/ and cur/.
import { existsSync, mkdirSync, watch as watchDirectory, type FSWatcher } from "node:fs";
import { open, readdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import { headerBytes, MAX_HEADER_BYTES } from "../message/header-block.ts";
import { type FilingInstruction, type FilingResult, type Mailbox, type MailboxEntry, type MailboxWatch, type OutcomeFolder } from "./mailbox.ts";

export const MAILDIR_FOLDERS: Record<OutcomeFolder, string> = {
  processed: ".Processed",
  rejected: ".Rejected",
  exceptions: ".Exceptions",
};

interface MaildirEntry extends MailboxEntry {
  readonly file: string;
}

function ensureMaildir(dir: string): void {
  for (const sub of ["new", "cur", "tmp"]) mkdirSync(path.join(dir, sub), { recursive: true });
}

/** The unique part of a Maildir file name, without the `:2,FLAGS` info. */
function uniqueName(fileName: string): string {
  const colon = fileName.indexOf(":");
  return colon < 0 ? fileName : fileName.slice(0, colon);
}

/** Where a watch that broke is reported; a subset of the project's logger. */
export interface MaildirLog {
  warn(message: string, details: Record<string, unknown>): unknown;
}

export function openMaildirMailbox(root: string, log: MaildirLog | null = null): Mailbox {
  ensureMaildir(root);
  for (const folder of Object.values(MAILDIR_FOLDERS)) ensureMaildir(path.join(root, folder));
  const known = new Map<string, MaildirEntry>();
  const watchers = new Set<FSWatcher>();

  return {
    async waiting(): Promise<MailboxEntry[]> {
      known.clear();
      const entries: (MaildirEntry & { mtimeMs: number })[] = [];
      for (const sub of ["new", "cur"]) {
        const dir = path.join(root, sub);
        for (const name of await readdir(dir)) {
          if (name.startsWith(".")) continue;
          const file = path.join(dir, name);
          const info = await stat(file).catch(() => null); // gone meanwhile: another reader took it
          if (!info?.isFile()) continue;
          entries.push({ key: uniqueName(name), file, sizeBytes: info.size, mtimeMs: info.mtimeMs });
        }
      }
      entries.sort((a, b) => a.mtimeMs - b.mtimeMs || a.key.localeCompare(b.key));
      for (const entry of entries) known.set(entry.key, entry);
      return entries.map(({ key, sizeBytes }) => ({ key, sizeBytes }));
    },

    async read(entry: MailboxEntry): Promise<Buffer> {
      const found = known.get(entry.key);
      if (!found) throw new Error(`message ${entry.key} is not in the inbox listing`);
      return readFile(found.file);
    },

    async readHeader(entry: MailboxEntry): Promise<Buffer> {
      const found = known.get(entry.key);
      if (!found) throw new Error(`message ${entry.key} is not in the inbox listing`);
      const handle = await open(found.file, "r");
      try {
        const buffer = Buffer.alloc(MAX_HEADER_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, MAX_HEADER_BYTES, 0);
        return headerBytes(buffer.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    },

    // A Maildir unique name is never given to another message: the key itself confirms that
    // the file is the one decided, so the decided mark is not needed here.
    async file(instructions: readonly FilingInstruction[]): Promise<FilingResult> {
      for (const { entry, folder } of instructions) {
        const found = known.get(entry.key);
        if (!found) throw new Error(`message ${entry.key} is not in the inbox listing`);
        await rename(found.file, path.join(root, MAILDIR_FOLDERS[folder], "cur", `${entry.key}:2,S`));
        known.delete(entry.key);
      }
      return { notFiled: [] };
    },

    async refile({ key }: { readonly key: string }, from: OutcomeFolder, to: OutcomeFolder): Promise<boolean> {
      for (const sub of ["cur", "new"]) {
        const dir = path.join(root, MAILDIR_FOLDERS[from], sub);
        const name = (await readdir(dir)).find((file) => uniqueName(file) === key);
        if (!name) continue;
        await rename(path.join(dir, name), path.join(root, MAILDIR_FOLDERS[to], "cur", `${key}:2,S`));
        return true;
      }
      return false;
    },

    watch(onArrival: () => void): Promise<MailboxWatch> {
      const own = ["new", "cur"].map((sub) => {
        const dir = path.join(root, sub);
        // Not persistent: a watch alone does not keep the process running.
        const watcher = watchDirectory(dir, { persistent: false }, (_event, name) => {
          // A name that is gone again was taken out (filed by us, or by a person): nothing new.
          if (name === null || (!name.startsWith(".") && existsSync(path.join(dir, name)))) onArrival();
        });
        watcher.on("error", (error) => {
          log?.warn("watching the Maildir failed; new mail is found by the schedule alone", { dir, error: error.message });
          watcher.close();
        });
        watchers.add(watcher);
        return watcher;
      });
      return Promise.resolve({
        active: true,
        stop(): Promise<void> {
          for (const watcher of own) {
            watcher.close();
            watchers.delete(watcher);
          }
          return Promise.resolve();
        },
      });
    },

    close(): Promise<void> {
      known.clear();
      for (const watcher of watchers) watcher.close();
      watchers.clear();
      return Promise.resolve();
    },
  };
}
