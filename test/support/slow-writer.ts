// Run as a child process by test/store/temp-files.test.ts: starts writing argv[2] with
// writeFileAtomic from a stream that sends one chunk and then waits for ever, so the
// temporary file exists until the test signals this process.
import { Readable } from 'node:stream';
import { writeFileAtomic } from '../../src/store/atomic-write.js';

const file = process.argv[2] as string;
let sent = false;
const slow = new Readable({
  read() {
    if (!sent) this.push('first chunk of a long report\n');
    sent = true;
  },
});
// Nothing else keeps the event loop alive while the stream waits.
setInterval(() => undefined, 60_000);
await writeFileAtomic(file, slow);
