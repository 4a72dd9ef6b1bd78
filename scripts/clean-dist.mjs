// Empties dist/ before a build, so a source file that was moved or deleted does not live on
// in the package as a stale compiled copy.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
