import { isMap, parseDocument } from 'yaml';
import { documentPolicy, unreadableDocument } from './cloudformation/locate-cloudformation.js';
import { lineNumbers } from './text/positions.js';
import type { LocatedPolicy } from './template-policy.js';

/**
 * A plain IAM policy document in its own JSON file (`policy.json`, or the output of
 * `aws iam get-role-policy` with its `PolicyDocument`). The role is named by `--role`.
 */
export function locatePolicyFilePolicies(
  file: string,
  text: string,
  role = '(policy file)',
): LocatedPolicy[] {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const unreadable = unreadableDocument(file, text, doc, 'policy-file');
  if (unreadable || !isMap(doc.contents)) return unreadable ? [unreadable] : [];
  let node: unknown = doc.contents;
  let path = '$';
  if (isMap(node) && node.has('PolicyDocument')) {
    node = node.get('PolicyDocument', true);
    path = '$.PolicyDocument';
  }
  if (!isMap(node) || !node.has('Statement')) return [];
  return [documentPolicy(file, text, doc, node, role, path, lineNumbers(text), undefined, 'policy-file')];
}
