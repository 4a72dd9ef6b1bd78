// `node --import` this to record the modules a run loads (see hooks.mjs): every URL an
// `import` resolves, and, as the process exits, every CommonJS module `require` loaded
// (the AWS SDK is loaded that way: src/sdk/require-sdk.ts).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(new URL('./hooks.mjs', import.meta.url));

const required = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const urls = Object.keys(required).map((file) => pathToFileURL(file).href);
  if (urls.length) appendFileSync(process.env.IAMTRIM_MODULE_TRACE, `${urls.join('\n')}\n`);
});
