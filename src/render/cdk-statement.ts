import type { StatementToWrite, WriteValue } from '../iac/patch-policy.js';
import type { Expression } from '../iac/template-policy.js';
import { terminalSafe } from './terminal-safe.js';

// CloudFormation pseudo parameters and the CDK constants that synthesize to them.
const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': 'cdk.Aws.ACCOUNT_ID',
  'AWS::Region': 'cdk.Aws.REGION',
  'AWS::Partition': 'cdk.Aws.PARTITION',
  'AWS::URLSuffix': 'cdk.Aws.URL_SUFFIX',
  'AWS::StackName': 'cdk.Aws.STACK_NAME',
  'AWS::StackId': 'cdk.Aws.STACK_ID',
};

/**
 * The CDK (TypeScript) statements that synthesize to `statements`: what to write in the app
 * when the template is `cdk synth` output, which the next synth would overwrite. Logical ids
 * appear as `cdk.Fn` calls that produce the same template; the comment asks the reader to
 * use their constructs instead (`table.tableArn`). Every string is a JSON string literal,
 * which is also a valid TypeScript one, so nothing from the template can break out of it.
 */
export function renderCdkStatements(statements: readonly StatementToWrite[]): string {
  const out = [
    "// import * as cdk from 'aws-cdk-lib'; import * as iam from 'aws-cdk-lib/aws-iam';",
    '// cdk.Fn.getAtt/ref below name logical ids: use your constructs (e.g. table.tableArn).',
  ];
  for (const st of statements) {
    const lines = ['role.addToPrincipalPolicy(', '  new iam.PolicyStatement({'];
    if (st.sid !== undefined) lines.push(`    sid: ${lit(st.sid)},`);
    if (st.effect === 'Deny') lines.push('    effect: iam.Effect.DENY,');
    lines.push(`    ${st.actionKey === 'Action' ? 'actions' : 'notActions'}: ${list(st.actions)},`);
    lines.push(`    ${st.resourceKey === 'Resource' ? 'resources' : 'notResources'}: ${list(st.resources)},`);
    if (st.conditionSource !== undefined)
      lines.push(`    // conditions: as in the template (${oneLine(st.conditionSource)})`);
    lines.push('  }),', ');');
    out.push(...lines);
  }
  return out.join('\n');
}

function list(values: readonly WriteValue[]): string {
  const items = values.map(valueCode);
  const flat = `[${items.join(', ')}]`;
  return flat.length <= 80 ? flat : `[\n${items.map((i) => `      ${i},`).join('\n')}\n    ]`;
}

function valueCode(v: WriteValue): string {
  if (v.kind === 'literal') return lit(v.text);
  const t = v.value;
  return t.kind === 'literal' ? lit(t.value) : expressionCode(t.expression, t.source);
}

function expressionCode(e: Expression, source: string): string {
  switch (e.kind) {
    case 'ref':
      return Object.hasOwn(PSEUDO, e.name) ? (PSEUDO[e.name] as string) : `cdk.Fn.ref(${lit(e.name)})`;
    case 'getatt':
      return `cdk.Fn.getAtt(${lit(e.resource)}, ${lit(e.attribute)}).toString()`;
    case 'sub':
      return `cdk.Fn.sub(${lit(e.parts.map(subText).join(''))})`;
    case 'join':
      return `cdk.Fn.join(${lit(e.delimiter)}, [${e.parts.map((p) => (typeof p === 'string' ? lit(p) : expressionCode(p, source))).join(', ')}])`;
    case 'opaque':
      return `undefined /* as in the template: ${oneLine(source)} */`;
  }
}

/** A part of a Sub template as written in one: `${Name}`, `${Res.Attr}`. */
function subText(p: string | Expression): string {
  if (typeof p === 'string') return p.replace(/\$\{/g, '${!');
  if (p.kind === 'ref') return `\${${p.name}}`;
  if (p.kind === 'getatt') return `\${${p.resource}.${p.attribute}}`;
  return '${?}';
}

/** A string as a TypeScript literal: JSON's rules, with every non-ASCII character escaped. */
function lit(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Source text for a comment: one line, hidden characters shown, no way to end the comment early. */
function oneLine(s: string): string {
  return terminalSafe(s.replace(/\s+/g, ' ').trim()).replace(/\*\//g, '*\\/');
}
