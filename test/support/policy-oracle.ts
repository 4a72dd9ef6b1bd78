import type { PolicyDocumentJson, StatementJson } from '../../src/policy/policy-json.js';

// An oracle written independently of src/: a plain glob evaluator that treats each
// Condition as a switch that is either on or off. Property tests judge iamtrim with it.

/** The conditions random policies may carry; a context says which of them hold. */
export const ORACLE_CONDITIONS = [
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
];
const CONDITIONS = ORACLE_CONDITIONS;

/** Every on/off combination of the two conditions. */
export const ORACLE_CONTEXTS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

function globToRegExp(p: string, ignoreCase: boolean): RegExp {
  let src = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '$' && p[i + 1] === '{') {
      const end = p.indexOf('}', i);
      src += '(?!)'; // a variable never matches for sure
      i = end;
    } else if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else src += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, ignoreCase ? 'i' : '');
}
const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;
function applies(s: StatementJson, action: string, resource: string, on: boolean[]): boolean {
  if (
    s.Condition !== undefined &&
    !on[CONDITIONS.findIndex((c) => JSON.stringify(c) === JSON.stringify(s.Condition))]
  )
    return false;
  const a =
    s.Action !== undefined
      ? list(s.Action).some((p) => globToRegExp(p, true).test(action))
      : !list(s.NotAction).some((p) => globToRegExp(p, true).test(action));
  const r =
    s.Resource !== undefined
      ? list(s.Resource).some((p) => globToRegExp(p, false).test(resource))
      : !list(s.NotResource).some((p) => globToRegExp(p, false).test(resource));
  return a && r;
}
export function allowedIn(doc: PolicyDocumentJson, action: string, resource: string, on: boolean[]): boolean {
  const st = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (st.some((s) => s.Effect === 'Deny' && applies(s, action, resource, on))) return false;
  return st.some((s) => s.Effect === 'Allow' && applies(s, action, resource, on));
}
