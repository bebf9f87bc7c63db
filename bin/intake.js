#!/usr/bin/env node
// Entry point of the `intake` command. Node.js 24 runs the TypeScript sources directly
// (type stripping), so there is no build step between `npm ci` and `npx intake`.
import "../scripts/require-node24.js";

const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), process.env);
