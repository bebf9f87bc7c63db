// Stops at once, with one clear sentence, under a Node.js older than 24: every npm script
// and bin/intake.js run this first. Plain JavaScript, since Node 20 cannot even parse some of
// the project's TypeScript and would otherwise die with a stack trace.
const MINIMUM_MAJOR = 24;

const major = Number(process.versions.node.split(".")[0]);
if (major < MINIMUM_MAJOR) {
  process.stderr.write(
    `Node.js ${MINIMUM_MAJOR} or later is needed; this is ${process.version}\n` +
      `(README.md, "Getting Node.js 24", says how to get it; the project's .nvmrc names it for nvm)\n`,
  );
  process.exit(2);
}
