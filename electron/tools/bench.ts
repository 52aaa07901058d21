// `npm run bench -- NAME` runs electron/tools/bench/NAME.ts: one runner, so
// every benchmark is started the same way and a typo gets a list of names.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const names = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
const name = process.argv[2];
if (!name || !names.includes(name)) {
  process.stderr.write(`${name ? `There is no benchmark "${name}". ` : ''}Usage: npm run bench -- NAME, where NAME is one of: ${names.join(', ')}.\n`);
  process.exitCode = 2;
} else {
  const bench = (await import(pathToFileURL(`${dir}${name}.ts`).href)) as { run: (args: string[]) => Promise<void> };
  await bench.run(process.argv.slice(3));
}
