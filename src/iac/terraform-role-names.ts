import { parseHclFile } from './terraform/hcl-parser.js';
import type { Block as HclBlock, Expr as HclExpr } from './terraform/hcl-syntax.js';
import { hclTemplateValue } from './terraform/hcl-values.js';

// What IAM allows in a role name; anything else is not a name to look up.
const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]+$/;

/**
 * The literal role names a Terraform file gives, by address: `resource "aws_iam_role" "x"
 * { name = "..." }` as `aws_iam_role.x`, and a module's role (`role_name`, else the lambda
 * module names it after `function_name`) as `module.x`. A file that is not valid HCL has none.
 */
export function terraformRoleNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of parseHclFile(text) ?? []) {
    if (item.t !== 'block') continue;
    const literal = (attr: string): string | undefined => literalAttribute(text, item, attr);
    const [first, second] = item.labels;
    if (item.type === 'resource' && first === 'aws_iam_role' && second !== undefined) {
      const name = literal('name');
      if (name) out.set(`aws_iam_role.${second}`, name);
    } else if (item.type === 'module' && first !== undefined) {
      const name = literal('role_name') ?? literal('function_name');
      if (name) out.set(`module.${first}`, name);
    }
  }
  return out;
}

function literalAttribute(text: string, block: HclBlock, attr: string): string | undefined {
  let expr: HclExpr | undefined;
  for (const item of block.body) if (item.t === 'attribute' && item.name === attr) expr = item.expr;
  if (expr === undefined) return undefined;
  const value = hclTemplateValue(text, expr);
  return value.kind === 'literal' && ROLE_NAME.test(value.value) ? value.value : undefined;
}
