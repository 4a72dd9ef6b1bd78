import { describe, expect, it } from 'vitest';
import { toAwsError } from '../../src/aws/access-denied.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { explainSdkError } from '../../src/errors/explain-sdk-error.js';
import { loadCases } from '../support/case-loader.js';

interface SdkErrorCase {
  /** The SDK error as thrown: `name` and `message`, plus `Code`, `code` or `hostname` when set. */
  readonly error: { name: string; message: string } & Record<string, string>;
  readonly command: string;
  readonly target?: string;
  /** Pieces the translated message must contain. */
  readonly expect: readonly string[];
}

describe('raw SDK errors become one clear line with the fix', () => {
  it.each(loadCases<SdkErrorCase>('sdk-errors'))('$file: $description', ({ data }) => {
    const raw = Object.assign(new Error(data.error.message), data.error);
    const out = toAwsError(raw, data.command, data.target);
    expect(out).toBeInstanceOf(AwsError);
    expect(out.cause).toBe(raw);
    expect(out.message).not.toMatch(/[\r\n]/);
    for (const piece of data.expect) expect(out.message).toContain(piece);
  });

  it('leaves a denied call or an unknown error to the caller, which knows the call', () => {
    expect(explainSdkError(Object.assign(new Error('no'), { name: 'AccessDenied' }))).toBeUndefined();
    expect(explainSdkError(Object.assign(new Error('x'), { name: 'NoSuchEntity' }))).toBeUndefined();
    expect(explainSdkError(undefined)).toBeUndefined();
  });
});
