/**
 * What bin/iamtrim.js needs before it knows whether to run main(): built as its own small
 * bundle (scripts/build-bundles.mjs) so `--help` and usage errors load nothing else.
 */
export { errorReason } from '../store/fs-error-reason.js';
export { fastHelp } from './fast-help.js';
export { fastUsageError } from './fast-usage-error.js';
