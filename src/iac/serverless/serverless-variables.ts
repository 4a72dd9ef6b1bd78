/**
 * Serverless Framework variables (`${self:custom.table}`, `${opt:stage, 'dev'}`) inside
 * strings: each becomes a `ref` named by its inner text as written.
 */
import { isScalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { subParts } from '../cloudformation/intrinsics.js';
import type { Expression } from '../template-policy.js';

// `${self:...}`, `${opt:...}`, `${file(...)}`, `${cf(us-east-1):...}`: a Serverless
// variable, as opposed to a CloudFormation `${AWS::Region}` or `${Table.Arn}` in Fn::Sub.
const SERVERLESS_VARIABLE = /^\s*[A-Za-z][\w-]*(\(|:(?!:))/;

/** A string scalar that holds a Serverless variable. */
export function isVariableString(node: YamlNode | null): boolean {
  return isScalar(node) && typeof node.value === 'string' && hasVariable(node.value);
}

/** True when text holds a Serverless variable. */
export function hasVariable(text: string): boolean {
  return serverlessParts(text).some((p) => typeof p !== 'string');
}

/**
 * Splits a string at its `${...}` variables; each becomes a `ref` named by its inner
 * text. Braces nest (`${self:custom.${opt:stage}.table}`) and quoted fallbacks may hold
 * braces. An unclosed `${` stays text, as Serverless leaves it.
 */
export function serverlessParts(text: string): (string | Expression)[] {
  return splitPlaceholders(text, (inner) => ({ kind: 'ref', name: inner.trim() }));
}

/**
 * Fn::Sub in a Serverless service: Serverless fills its own variables (`${self:...}`, which
 * become refs) before CloudFormation reads the rest as a Sub template.
 */
export function serverlessSubParts(
  template: string,
  variables: ReadonlyMap<string, string | Expression>,
): (string | Expression)[] {
  const pieces = splitPlaceholders(template, (inner) => {
    const name = inner.trim();
    return SERVERLESS_VARIABLE.test(name) && !variables.has(name) ? { kind: 'ref', name } : `\${${inner}}`;
  });
  return pieces.flatMap((p) => (typeof p === 'string' ? subParts(p, variables) : [p]));
}

function splitPlaceholders(
  text: string,
  placeholder: (inner: string) => string | Expression,
): (string | Expression)[] {
  const parts: (string | Expression)[] = [];
  const pushText = (s: string) => {
    if (s === '') return;
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + s;
    else parts.push(s);
  };
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = matchingBrace(text, open + 2);
    if (close < 0) break;
    pushText(text.slice(i, open));
    const value = placeholder(text.slice(open + 2, close));
    if (typeof value === 'string') pushText(value);
    else parts.push(value);
    i = close + 1;
  }
  pushText(text.slice(i));
  return parts;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  // A quote that never closes (an apostrophe in text): retry without quote handling.
  if (quote) {
    depth = 1;
    for (let i = from; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return i;
    }
  }
  return -1;
}
