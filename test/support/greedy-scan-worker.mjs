// A scan worker whose input holds more than its heap bound allows: it keeps everything it
// reads until V8 stops it, as a scan of a huge account's usage would.
import { parentPort } from 'node:worker_threads';

const kept = [];
parentPort.on('message', () => {
  for (;;) kept.push(new Array(1024 * 1024).fill(kept.length));
});
