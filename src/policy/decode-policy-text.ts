/** A policy document read from IAM's text form, or why it could not be. */
export type DecodedPolicyText =
  | { readonly kind: 'document'; readonly document: unknown }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * IAM returns policy documents URL-encoded (RFC 3986); the AWS CLI and some SDKs decode them
 * first. Text that already starts with `{` is taken as JSON, since decoding it again would
 * mangle a `%` inside (an ARN like `…/100%`). `+` is not a space here: IAM encodes spaces as %20.
 */
export function decodePolicyText(text: string): DecodedPolicyText {
  let json = text;
  if (!text.trimStart().startsWith('{')) {
    try {
      json = decodeURIComponent(text);
    } catch {
      return { kind: 'invalid', reason: 'policy document is not valid URL-encoding' };
    }
  }
  try {
    return { kind: 'document', document: JSON.parse(json) as unknown };
  } catch {
    return { kind: 'invalid', reason: 'policy document is not JSON' };
  }
}
