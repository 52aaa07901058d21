// A separate process for the library lock's tests: `node hold-library-lock.ts
// DIR PROGRAM` says "ready", waits for a line on stdin (so several can be
// started and then let go at the same moment), tries to take the lock on DIR,
// says "held" or "busy <message>", and keeps what it got until stdin closes
// or it is killed.
import { acquireLibraryLock, LibraryProgramSchema } from '../library-lock.ts';
import { ApiError } from '../../shared/errors.ts';

const [dir, programArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: hold-library-lock.ts DIR [PROGRAM]');
const program = LibraryProgramSchema.parse(programArg ?? 'cli');

process.stdout.write('ready\n');
process.stdin.setEncoding('utf8');
let started = false;
process.stdin.on('data', () => {
  if (started) return;
  started = true;
  try {
    const lock = acquireLibraryLock(dir, program);
    process.stdout.write('held\n');
    process.stdin.on('end', () => {
      lock.release();
      process.exit(0);
    });
  } catch (error) {
    const message = error instanceof ApiError ? `${error.code} ${error.message}` : String(error);
    process.stdout.write(`busy ${message}\n`);
    process.exit(0);
  }
});
