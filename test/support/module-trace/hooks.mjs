// A module resolve hook that appends every URL Node resolves for an `import` to the file
// named by IAMTRIM_MODULE_TRACE (test/support/loaded-modules.ts). CommonJS modules are
// added at exit by register.mjs, from the require cache.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.IAMTRIM_MODULE_TRACE, `${resolved.url}\n`);
  return resolved;
}
