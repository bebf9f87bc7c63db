#!/usr/bin/env node
// Entry point of the `intake` command. Node.js 24 runs the TypeScript sources directly
// (type stripping), so there is no build step between `npm ci` and `npx intake`.
import "../scripts/require-node24.js";
import module from "node:module";

// Node keeps the code it compiled (the sources, stripped of their types, and the libraries)
// in a cache under the system's temporary folder, keyed by each file's contents: a command
// after the first starts in about two thirds of the time. A cache it cannot write is skipped.
// (A default import: a named one would fail under an old Node before the check above speaks.)
module.enableCompileCache();

const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), process.env);
