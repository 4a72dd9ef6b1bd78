import { findDuplicateKeys } from './find-duplicate-keys.js';
import type { PolicyDocumentJson, StatementJson } from './policy-json.js';
import { STATEMENT_KEYS } from './policy-json.js';
import type { ActionBlock, Policy, ResourceBlock, Statement } from './policy.js';

/** A problem with a policy, located by JSON path (`$.Statement[1].Effect`). */
export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

export type ParsePolicyResult =
  | { readonly kind: 'policy'; readonly policy: Policy }
  | { readonly kind: 'invalid'; readonly source: string; readonly problems: readonly PolicyProblem[] };

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
// Service prefix and action name are both case-insensitive in IAM (`IAM:listaccesskeys` is valid).
const ACTION = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+)$/;

/**
 * Parses an identity policy (the kind attached to a role). Accepts the document itself
 * or the envelopes the AWS CLI prints around it (`get-role-policy`'s `PolicyDocument`,
 * `get-policy-version`'s `PolicyVersion.Document`, URL-encoded or not).
 * Never throws: an invalid policy comes back with every problem and its JSON path.
 */
export function parsePolicy(input: unknown, source: string): ParsePolicyResult {
  const problems: PolicyProblem[] = [];
  const doc = unwrapEnvelope(input, problems);
  if (!doc) return { kind: 'invalid', source, problems };

  for (const key of Object.keys(doc)) {
    if (!DOCUMENT_KEYS.has(key))
      problems.push({
        path: `$.${key}`,
        message: `unknown key (an identity policy has Version, Id, Statement)`,
      });
  }
  const version = doc.Version;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    problems.push({
      path: '$.Version',
      message: `expected "2012-10-17" or "2008-10-17", got ${JSON.stringify(version)}`,
    });
  }
  if (doc.Id !== undefined && typeof doc.Id !== 'string')
    problems.push({ path: '$.Id', message: 'expected a string' });
  const rawStatements = doc.Statement;
  const statementIsArray = Array.isArray(rawStatements);
  if (rawStatements === undefined) problems.push({ path: '$.Statement', message: 'missing' });
  else if (!statementIsArray && (typeof rawStatements !== 'object' || rawStatements === null)) {
    problems.push({ path: '$.Statement', message: 'expected an object or an array of objects' });
  }
  const list: unknown[] =
    rawStatements === undefined ? [] : statementIsArray ? (rawStatements as unknown[]) : [rawStatements];
  const statements: Statement[] = [];
  const sids = new Set<string>();
  list.forEach((raw, index) => {
    const path = statementIsArray ? `$.Statement[${index}]` : '$.Statement';
    const st = parseStatement(raw, index, path, problems, version !== '2012-10-17');
    if (st?.sid !== undefined) {
      if (sids.has(st.sid))
        problems.push({ path: `${path}.Sid`, message: `duplicate Sid ${JSON.stringify(st.sid)}` });
      sids.add(st.sid);
    }
    if (st) statements.push(st);
  });
  if (problems.length > 0) return { kind: 'invalid', source, problems };
  return {
    kind: 'policy',
    policy: {
      source,
      version: typeof version === 'string' ? version : undefined,
      id: typeof doc.Id === 'string' ? doc.Id : undefined,
      statements,
      statementIsArray,
      raw: doc as unknown as PolicyDocumentJson,
    },
  };
}

function unwrapEnvelope(input: unknown, problems: PolicyProblem[]): Record<string, unknown> | undefined {
  let value = input;
  for (let i = 0; i < 3; i++) {
    if (typeof value === 'string') {
      // IAM's API returns documents URL-encoded; the CLI decodes them, raw calls do not.
      // A byte order mark (Windows editors write one) is not part of the document.
      const unmarked = value.charCodeAt(0) === 0xfeff ? value.slice(1) : value;
      const text = unmarked.trim().startsWith('%7B') ? safeDecode(unmarked) : unmarked;
      try {
        value = JSON.parse(text);
      } catch (e) {
        problems.push({ path: '$', message: `policy document is not JSON: ${(e as Error).message}` });
        return undefined;
      }
      // JSON.parse keeps the last of two equal keys; IAM and a reader may see the first.
      const duplicates = findDuplicateKeys(text);
      for (const d of duplicates) {
        problems.push({
          path: d.path,
          message: `duplicate key ${JSON.stringify(d.key)}: which one counts is ambiguous, keep only one`,
        });
      }
      if (duplicates.length > 0) return undefined;
      continue;
    }
    if (!isObject(value)) break;
    if ('PolicyDocument' in value) value = value.PolicyDocument;
    else if (isObject(value.PolicyVersion) && 'Document' in value.PolicyVersion)
      value = value.PolicyVersion.Document;
    else break;
  }
  if (!isObject(value)) {
    problems.push({ path: '$', message: 'expected a policy document (a JSON object with Statement)' });
    return undefined;
  }
  return value;
}

function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  problems: PolicyProblem[],
  literalVariables: boolean,
): Statement | undefined {
  if (!isObject(raw)) {
    problems.push({ path, message: 'expected an object' });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key === 'Principal' || key === 'NotPrincipal') {
      problems.push({
        path: `${path}.${key}`,
        message: `${key} belongs in resource or trust policies, not in a role's identity policy`,
      });
    } else if (!STATEMENT_KEYS.has(key)) {
      problems.push({ path: `${path}.${key}`, message: 'unknown key' });
    }
  }
  const before = problems.length;
  const sid = raw.Sid;
  if (sid !== undefined && (typeof sid !== 'string' || !/^[A-Za-z0-9]*$/.test(sid))) {
    problems.push({ path: `${path}.Sid`, message: 'expected letters and digits only' });
  }
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    problems.push({
      path: `${path}.Effect`,
      message: `expected "Allow" or "Deny", got ${JSON.stringify(raw.Effect ?? null)}`,
    });
  }
  const actions = exactlyOne(raw, path, 'Action', 'NotAction', problems);
  const resources = exactlyOne(raw, path, 'Resource', 'NotResource', problems);
  if (actions) {
    const isString = typeof raw[actions.kind] === 'string';
    actions.patterns.forEach((a, i) => {
      if (!ACTION.test(a))
        problems.push({
          path: isString ? `${path}.${actions.kind}` : `${path}.${actions.kind}[${i}]`,
          message: `${JSON.stringify(a)} is not service:action or *`,
        });
    });
  }
  const condition = raw.Condition;
  if (condition !== undefined) {
    if (!isObject(condition))
      problems.push({ path: `${path}.Condition`, message: 'expected an object of operators' });
    else {
      for (const [op, block] of Object.entries(condition)) {
        if (!isObject(block))
          problems.push({ path: `${path}.Condition.${op}`, message: 'expected an object of condition keys' });
      }
    }
  }
  if (problems.length > before || !actions || !resources) return undefined;
  // Policy variables exist only in Version 2012-10-17; before that (or with no Version)
  // `${aws:username}` is literal text. Patterns are kept in 2012 syntax, so the literal
  // form is written with IAM's escape for "$": the raw statement stays as written.
  const semantic = (p: string): string => (literalVariables ? p.replaceAll('${', '${$}{') : p);
  return {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect: raw.Effect as 'Allow' | 'Deny',
    actions: { kind: actions.kind, patterns: actions.patterns.map(semantic) } as ActionBlock,
    resources: { kind: resources.kind, patterns: resources.patterns.map(semantic) } as ResourceBlock,
    condition: condition as Statement['condition'],
    raw: raw as unknown as StatementJson,
  };
}

function exactlyOne<K extends 'Action' | 'Resource'>(
  raw: Record<string, unknown>,
  path: string,
  key: K,
  notKey: `Not${K}`,
  problems: PolicyProblem[],
): { kind: K | `Not${K}`; patterns: string[] } | undefined {
  const has = raw[key] !== undefined;
  const hasNot = raw[notKey] !== undefined;
  if (has && hasNot) {
    problems.push({ path, message: `has both ${key} and ${notKey}; a statement takes one` });
    return undefined;
  }
  if (!has && !hasNot) {
    problems.push({ path, message: `needs ${key} or ${notKey}` });
    return undefined;
  }
  const kind = has ? key : notKey;
  const value = raw[kind];
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || !list.every((v): v is string => typeof v === 'string' && v.length > 0)) {
    problems.push({
      path: `${path}.${kind}`,
      message: 'expected a non-empty string or a non-empty array of strings',
    });
    return undefined;
  }
  return { kind, patterns: list };
}

function isObject(v: unknown): v is Record<string, unknown> & { PolicyVersion?: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One line per problem, for error messages. */
export function formatPolicyProblems(source: string, problems: readonly PolicyProblem[]): string {
  return `${source}: invalid policy:\n` + problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
}
