#!/usr/bin/env node
// The `broadsheet` command. This file only checks that it runs on a Node that
// can open the library, then hands over; everything else is in run.ts, which
// is imported late so an old Node gets a sentence instead of a stack trace.
const hasSqlite = await import('node:sqlite').then(
  () => true,
  () => false,
);
if (!hasSqlite) {
  process.stderr.write(
    `broadsheet: this Node (${process.version}) cannot open Broadsheet's library (node:sqlite is missing); run it through npm or npx in the project folder (npx broadsheet …), which uses the Node 24 the project pins.\n`,
  );
  process.exit(1);
}
const { runCli } = await import('./run.ts');
process.exitCode = await runCli(process.argv.slice(2));
