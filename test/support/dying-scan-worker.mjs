// A scan worker that dies on its first input, as one killed by a memory limit would: the
// pool must fail the scan naming that input, never lose it silently.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
