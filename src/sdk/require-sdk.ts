import { createRequire } from 'node:module';

/**
 * The AWS SDK modules iamtrim loads, each when a command first needs it (never at start-up).
 *
 * They are CommonJS, and are loaded here with require(), not import(): Node's import() of a
 * CommonJS module first scans its whole text for the names it exports (cjs-module-lexer),
 * which require() does not need. For @aws-sdk/client-s3 that took its load from about 150 to
 * about 80 ms of CPU, on the thread that then lists the trail bucket.
 */
interface SdkModules {
  '@aws-sdk/client-athena': typeof import('@aws-sdk/client-athena');
  '@aws-sdk/client-cloudformation': typeof import('@aws-sdk/client-cloudformation');
  '@aws-sdk/client-cloudtrail': typeof import('@aws-sdk/client-cloudtrail');
  '@aws-sdk/client-cloudwatch-logs': typeof import('@aws-sdk/client-cloudwatch-logs');
  '@aws-sdk/client-iam': typeof import('@aws-sdk/client-iam');
  '@aws-sdk/client-lambda': typeof import('@aws-sdk/client-lambda');
  '@aws-sdk/client-s3': typeof import('@aws-sdk/client-s3');
  '@aws-sdk/client-sts': typeof import('@aws-sdk/client-sts');
  '@aws-sdk/credential-providers': typeof import('@aws-sdk/credential-providers');
  '@smithy/core/endpoints': typeof import('@smithy/core/endpoints');
  '@smithy/core/protocols': typeof import('@smithy/core/protocols');
  '@smithy/signature-v4': typeof import('@smithy/signature-v4');
}

const requireModule = createRequire(import.meta.url);

/** One of the SDK's modules, loaded on first use (Node caches it after). */
export function sdk<Name extends keyof SdkModules>(name: Name): SdkModules[Name] {
  return requireModule(name) as SdkModules[Name];
}
