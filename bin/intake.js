#!/usr/bin/env node
// Entry point of the `intake` command. Node.js 24 runs the TypeScript sources directly
// (type stripping), so there is no build step between `npm ci` and `npx intake`.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`intake: Node.js 24 or later is needed; this is ${process.version}\n`);
  process.exit(2);
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), process.env);
