import { InvariantError } from '../errors/iamtrim-error.js';
import { checkRendered } from './check-rendered.js';
import type { StatementToWrite } from './patch-policy.js';
import type { LocatedPolicy } from './template-policy.js';
import type { TextEdit } from './text/text-edits.js';
import { writeHclStatements } from './write/write-hcl.js';
import { writeFlowList } from './write/write-json.js';
import { writeInPlace, type InPlaceStyle } from './write/write-in-place.js';
import { writeYamlBlock } from './write/write-yaml.js';
import { hclString, heredocJsonString, jsonString, yamlDoubleQuoted } from './write/template-strings.js';

// Kept here for src/cli/commands/patch.ts, which imports it from this file.

/**
 * The text that replaces a policy's statement list: block YAML, flow YAML or JSON, in the
 * style the file already uses. Unchanged statements and kept values are copied from the
 * file byte for byte (re-indented only when they move to another column).
 */
export function renderStatementList(
  text: string,
  policy: LocatedPolicy,
  statements: readonly StatementToWrite[],
): TextEdit {
  // Every rewrite is read back before it is used: a value must mean what it meant.
  const minimal = writeMinimal(text, policy, statements);
  if (minimal) {
    try {
      return checkRendered(text, policy, statements, minimal);
    } catch (e) {
      // The in-place edit is only a nicer diff; the full rewrite below is the reference.
      if (!(e instanceof InvariantError)) throw e;
    }
  }
  return checkRendered(text, policy, statements, writeStatementList(text, policy, statements));
}

/**
 * The edit a person would make: untouched statements and the text between them kept byte
 * for byte, and in a changed statement only the values that change; `undefined` when the
 * list cannot be edited that way.
 */
export function writeMinimal(
  text: string,
  policy: LocatedPolicy,
  statements: readonly StatementToWrite[],
): TextEdit | undefined {
  const range = policy.listRange;
  if (!range || statements.length === 0) return undefined;
  const hcl = hclForm(policy);
  const located = policy.statements;
  const first0 = located[0];
  const last0 = located[located.length - 1];
  // HCL statements are edited from the first statement to the last, as writeHclStatements does.
  const [start, rawEnd] = hcl && first0 && last0 ? [first0.range[0], last0.range[1]] : range;
  const end = start + text.slice(start, rawEnd).replace(/\s+$/, '').length;
  const first = text[start];
  let style: InPlaceStyle;
  if (hcl) style = { kind: 'flow', quote: hclString, yaml: false, hclKeys: true, hcl };
  else if (policy.format === 'terraform') {
    if (first !== '[') return undefined;
    const jsonencode = (policy as { form?: string }).form === 'jsonencode';
    style = {
      kind: 'flow',
      quote: jsonencode ? hclString : heredocJsonString,
      yaml: false,
      hclKeys: jsonencode && hclObjectKeys(text, statements),
    };
  } else if (isJsonFile(text)) style = { kind: 'flow', quote: jsonString, yaml: false, hclKeys: false };
  else if (first === '[' || first === '{')
    style = { kind: 'flow', quote: yamlDoubleQuoted, yaml: true, hclKeys: false };
  else style = { kind: 'block-yaml' };
  const out = writeInPlace(text, [start, end], policy.statements, statements, style);
  return out === undefined ? undefined : { start, end, text: out };
}

function writeStatementList(
  text: string,
  policy: LocatedPolicy,
  statements: readonly StatementToWrite[],
): TextEdit {
  const range = policy.listRange;
  // Callers ask canRender() first: a policy without a list or in a form iamtrim cannot
  // write reaching here is a bug, not bad input.
  if (!range) throw new InvariantError(`${policy.file}: ${policy.path} has no statement list to edit`);
  const [start, rawEnd] = range;
  // Parsers count the whitespace after a block as part of it; an edit must leave it alone.
  const end = start + text.slice(start, rawEnd).replace(/\s+$/, '').length;
  const first = text[start];
  const form = hclForm(policy);
  if (form) return writeHclStatements(text, form, [start, end], statements, policy.statements);
  if (statements.length === 0) return { start, end, text: '[]' };
  if (policy.format === 'terraform') {
    // jsonencode({...}) and heredoc JSON take JSON.
    if (first !== '[')
      throw new InvariantError(
        `${policy.file}:${policy.line}: rewriting this Terraform form is not supported yet`,
      );
    return {
      start,
      end,
      text: writeFlowList(
        text,
        start,
        statements,
        true,
        hclObjectKeys(text, statements),
        // A jsonencode() list holds HCL strings; a heredoc holds JSON that HCL interpolates.
        (policy as { form?: string }).form === 'jsonencode' ? hclString : heredocJsonString,
      ),
    };
  }
  const json = isJsonFile(text);
  if (json || first === '[' || first === '{') {
    return { start, end, text: writeFlowList(text, start, statements, json) };
  }
  return { start, end, text: writeYamlBlock(text, policy, start, statements) };
}

function isJsonFile(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** True when iamtrim can rewrite this policy's statement list in place. */
export function canRender(text: string, policy: LocatedPolicy): boolean {
  if (!policy.listRange) return false;
  return policy.format !== 'terraform' || text[policy.listRange[0]] === '[' || hclForm(policy) !== undefined;
}

/** True when a jsonencode() policy writes its statement keys HCL-style (`Effect = "Allow"`). */
function hclObjectKeys(text: string, statements: readonly StatementToWrite[]): boolean {
  const sample = statements.map((st) => st.original ?? st.from).find((st) => st !== undefined);
  if (!sample) return false;
  return /(^|[\s{,])"?(Effect|Action|Resource)"?\s*=/.test(text.slice(sample.range[0], sample.range[1]));
}

/** The Terraform forms written as HCL rather than JSON. */
function hclForm(policy: LocatedPolicy): 'policy-document' | 'module-statements' | undefined {
  const form = (policy as { form?: string }).form;
  return policy.format === 'terraform' && (form === 'policy-document' || form === 'module-statements')
    ? form
    : undefined;
}
