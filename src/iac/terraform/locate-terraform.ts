/**
 * Terraform (HCL native syntax): finds role policies and where they are written, so that
 * `iamtrim patch` can replace a statement list and leave every other byte of the file as
 * it was. The HCL is read by hcl-parser.ts, which keeps the offset of every node.
 *
 * Offsets are indices into the JavaScript string (UTF-16 code units), the same unit as
 * `text.slice`; they equal byte offsets only for ASCII text.
 *
 * Forms read:
 * - `data "aws_iam_policy_document"` with `statement` blocks;
 * - `jsonencode({ Statement = [...] })` in any attribute;
 * - heredoc JSON (`<<EOF`, `<<-EOF`) in any attribute;
 * - the `terraform-aws-modules/lambda` module's `policy_statements`, `policy_json(s)`,
 *   `policy` and `policies` inputs;
 * - managed policies: `managed_policy_arns`, `aws_iam_role_policy_attachment` and kin.
 *
 * Anything that is found but cannot be edited safely (dynamic blocks, trust and resource
 * policies, policies read from files or variables) comes back as `kind: 'unsupported'`
 * with a note, never dropped.
 */
import { HclParser, HclSyntaxError } from './hcl-parser.js';
import { attributes, literalOf, type Block, type BodyItem, type Expr } from './hcl-syntax.js';
import { describeExpr } from './hcl-values.js';
import { blockAddress, isNamed, type Site } from './locate-context.js';
import { PolicyValueLocator } from './locate-policy-values.js';
import type { TerraformLocatedPolicy } from './terraform-policy.js';
import { unreadableTemplate } from '../unreadable-template.js';

export type { TerraformLocatedPolicy, TerraformPolicyForm } from './terraform-policy.js';

/**
 * Every policy in one Terraform file, in file order.
 *
 * - `role` is the Terraform address the policy belongs to: `data.aws_iam_policy_document.x`,
 *   `aws_iam_role_policy.x`, `aws_iam_role.x` (inline and managed policies), `module.x`,
 *   `local.x`; `note` says which resources use it and which role they name.
 * - `listRange` is the statement list an edit replaces: for `aws_iam_policy_document`,
 *   from the first `statement` block to the end of the last; for `jsonencode` and JSON,
 *   the value of `Statement` (brackets included); for `policy_statements`, the map
 *   (braces included).
 * - `line` is the 1-based line where `listRange` starts, or of the construct when there
 *   is no list; `indent` is the 0-based column of the first statement (of the construct
 *   when there is none).
 * - `conditionSource` is the text of the statement's `condition` blocks (from the first to
 *   the last when they are adjacent, otherwise each block joined by a newline) for
 *   `aws_iam_policy_document`, and the value of `Condition`/`condition` otherwise.
 * - For `policy_statements`, `sid` is the statement's `sid` or else its map key (the
 *   module derives the IAM Sid from the key by dropping characters other than letters
 *   and digits).
 * - Every value has its `offset`, and every condition its `conditionOffset` (of the first
 *   block when several are joined).
 * - A literal list is read item by item; any other expression where a list belongs
 *   (`resources = var.arns`, `[for ...]`, `concat(...)`) is one opaque value with a note,
 *   since a template value stands for one string.
 *
 * A file that is not valid HCL yields one `unreadable` entry saying where parsing failed.
 */
export function locateTerraformPolicies(file: string, text: string): TerraformLocatedPolicy[] {
  let body: readonly BodyItem[];
  try {
    body = new HclParser(text).parseFile();
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    const unreadable = unreadableTemplate(file, 'terraform', text, {
      offset: error.offset,
      reason: `not valid HCL: ${error.message}`,
    });
    return [{ ...unreadable, form: 'syntax-error' }];
  }
  return new Locator(file, text, body).run();
}

const IDENTITY_POLICY_RESOURCES = new Set([
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
]);
const POLICY_DOCUMENT_ATTRIBUTES = new Set([
  'version',
  'policy_id',
  'count',
  'for_each',
  'provider',
  'depends_on',
]);
const MERGING_ATTRIBUTES = new Set([
  'source_policy_documents',
  'override_policy_documents',
  'source_json',
  'override_json',
]);
const LAMBDA_MODULE_SOURCE =
  /(?:^|\/)terraform-aws-modules\/lambda\/aws(?:\/\/|\?|$)|terraform-aws-modules\/terraform-aws-lambda/;
/**
 * Inputs that mark a module as reading the lambda module's policy inputs when its source
 * is not the registry one (a local copy, a fork, another terraform-aws-modules module with
 * the same inputs). `attach_policy` alone is not enough: the s3-bucket module has it too.
 */
const LAMBDA_MODULE_INPUTS = [
  'policy_statements',
  'policy_json',
  'policy_jsons',
  'attach_policy_statements',
  'attach_policy_json',
  'attach_policy_jsons',
];

/** Reads the top-level forms: policy documents, resources, modules and locals. */
class Locator extends PolicyValueLocator {
  run(): TerraformLocatedPolicy[] {
    this.index();
    for (const item of this.body) {
      if (item.t !== 'block') continue;
      const [first, second] = item.labels;
      if (item.type === 'data' && first === 'aws_iam_policy_document' && second !== undefined)
        this.policyDocument(item, second);
      else if (item.type === 'resource' && first !== undefined && second !== undefined)
        this.resource(item, first, second);
      else if (item.type === 'module' && first !== undefined) this.module(item, first);
      else if (item.type === 'locals') this.locals(item);
      else this.scanBlock(item, blockAddress(item), blockAddress(item), []);
    }
    return this.results();
  }

  // -- data "aws_iam_policy_document" ------------------------------------------------

  private policyDocument(block: Block, name: string): void {
    const role = `data.aws_iam_policy_document.${name}`;
    const usage = this.usedBy((t) => isNamed(t, 'data', 'aws_iam_policy_document', name));
    const notes: string[] = [usage.note];
    const problems: string[] = [];
    const statements: Block[] = [];
    const statementIndexes: number[] = [];
    block.body.forEach((item, index) => {
      if (item.t === 'block' && item.type === 'statement') {
        statements.push(item);
        statementIndexes.push(index);
      } else if (item.t === 'block' && item.type === 'dynamic' && item.labels[0] === 'statement')
        problems.push(
          `a dynamic "statement" block (line ${this.lines.line(item.range[0])}) makes statements at plan time`,
        );
      else if (item.t === 'attribute' && MERGING_ATTRIBUTES.has(item.name)) {
        notes.push(`also merges ${item.name} (${this.values.source(item.expr)}), which is not edited here`);
        this.scanExpr(item.expr, {
          role,
          path: `${role}.${item.name}`,
          use: usage.trust ? 'trust' : 'identity',
          notes: [`merged into ${role} by ${item.name}`, usage.note],
        });
      } else if (item.t === 'attribute' && !POLICY_DOCUMENT_ATTRIBUTES.has(item.name))
        problems.push(`unknown attribute ${item.name}`);
      else if (item.t === 'block' && item.type !== 'lifecycle') problems.push(`unknown block ${item.type}`);
    });
    const firstStatement = statements[0];
    const lastStatement = statements[statements.length - 1];
    if (!firstStatement || !lastStatement) {
      if (problems.length === 0) problems.push('no statement blocks of its own');
      this.unsupported(
        'policy-document',
        { role, path: `${role}.statement`, use: 'identity', notes },
        block,
        problems,
      );
      return;
    }
    // Replacing the list replaces everything between the first and last statement.
    const first = statementIndexes[0] ?? 0;
    const last = statementIndexes[statementIndexes.length - 1] ?? 0;
    for (const item of block.body.slice(first, last + 1))
      if (item.t === 'attribute' || item.type !== 'statement')
        problems.push(`${item.t === 'attribute' ? item.name : item.type} sits between statement blocks`);
    const drafts = statements.map((s) => this.statements.documentStatement(s));
    this.finish('policy-document', {
      site: { role, path: `${role}.statement`, use: usage.trust ? 'trust' : 'identity', notes },
      drafts,
      problems,
      listRange: [firstStatement.range[0], lastStatement.range[1]],
      indent: this.lines.column(firstStatement.range[0]),
      anchor: block,
    });
  }

  // -- resources ----------------------------------------------------------------------

  private resource(block: Block, type: string, name: string): void {
    const address = `${type}.${name}`;
    const attrs = attributes(block);
    const roleAttr = ['role', 'roles', 'user', 'users', 'group', 'groups']
      .map((n) => attrs.get(n))
      .find(Boolean);
    const roleNote = roleAttr ? [`${roleAttr.name} = ${this.values.source(roleAttr.expr)}`] : [];
    if (IDENTITY_POLICY_RESOURCES.has(type)) {
      const notes = [...roleNote];
      if (type === 'aws_iam_policy') {
        notes.push(this.usedBy((t) => isNamed(t, 'aws_iam_policy', name), 'attached').note);
      }
      this.scanBlock(block, address, address, notes, 'policy');
      return;
    }
    if (type === 'aws_iam_role') {
      let inline = 0;
      for (const item of block.body) {
        if (item.t === 'block' && item.type === 'inline_policy') {
          const at = `${address}.inline_policy[${inline++}]`;
          const inner = attributes(item);
          const policy = inner.get('policy');
          const policyName = inner.get('name');
          const notes = policyName ? [`inline policy ${this.values.source(policyName.expr)}`] : [];
          if (policy)
            this.policyValue(policy.expr, { role: address, path: `${at}.policy`, use: 'identity', notes });
        } else if (item.t === 'attribute' && item.name === 'managed_policy_arns') {
          this.managedList(item.expr, address, `${address}.managed_policy_arns`, []);
        } else if (item.t === 'attribute' && item.name === 'assume_role_policy')
          this.scanExpr(item.expr, {
            role: address,
            path: `${address}.assume_role_policy`,
            use: 'trust',
            notes: [],
          });
        else if (item.t === 'attribute')
          this.scanExpr(item.expr, {
            role: address,
            path: `${address}.${item.name}`,
            use: 'other',
            notes: [],
          });
        else this.scanBlock(item, address, `${address}.${item.type}`, []);
      }
      return;
    }
    if (type === 'aws_iam_role_policy_attachment' || type === 'aws_iam_policy_attachment') {
      const arn = attrs.get('policy_arn');
      if (arn) this.managedArn(arn.expr, address, `${address}.policy_arn`, roleNote);
      return;
    }
    if (type === 'aws_iam_role_policy_attachments_exclusive') {
      const arns = attrs.get('policy_arns');
      if (arns) this.managedList(arns.expr, address, `${address}.policy_arns`, roleNote);
      return;
    }
    this.scanBlock(block, address, address, []);
  }

  // -- module "x" ------------------------------------------------------------------------

  private module(block: Block, name: string): void {
    const address = `module.${name}`;
    const attrs = attributes(block);
    const sourceAttr = attrs.get('source');
    const source = sourceAttr ? (literalOf(sourceAttr.expr) ?? this.values.source(sourceAttr.expr)) : '';
    const recognized = LAMBDA_MODULE_SOURCE.test(source);
    if (!recognized && !LAMBDA_MODULE_INPUTS.some((i) => attrs.has(i))) {
      this.scanBlock(block, address, address, []);
      return;
    }
    const moduleNotes = recognized
      ? []
      : [
          `module source "${source}" is not terraform-aws-modules/lambda/aws; its inputs are read as that module's`,
        ];
    const flag = (input: string): string[] => {
      const attr = attrs.get(input);
      const value = attr ? this.values.source(attr.expr) : undefined;
      if (value === 'true') return [];
      return [
        value === undefined
          ? `${input} is not set, so the module ignores this input`
          : `the module uses this input only when ${input} (${value}) is true`,
      ];
    };
    for (const item of block.body) {
      if (item.t === 'block') {
        this.scanBlock(item, address, `${address}.${item.type}`, []);
        continue;
      }
      const path = `${address}.${item.name}`;
      switch (item.name) {
        case 'policy_statements':
          this.moduleStatements(item.expr, address, path, [
            ...moduleNotes,
            ...flag('attach_policy_statements'),
          ]);
          break;
        case 'policy_json':
          this.policyValue(item.expr, {
            role: address,
            path,
            use: 'identity',
            notes: [...moduleNotes, ...flag('attach_policy_json')],
          });
          break;
        case 'policy_jsons': {
          const notes = [...moduleNotes, ...flag('attach_policy_jsons')];
          if (item.expr.t === 'tuple')
            item.expr.items.forEach((e, i) =>
              this.policyValue(e, { role: address, path: `${path}[${i}]`, use: 'identity', notes }),
            );
          else this.policyValue(item.expr, { role: address, path, use: 'identity', notes });
          break;
        }
        case 'policy':
          this.managedArn(item.expr, address, path, [...moduleNotes, ...flag('attach_policy')]);
          break;
        case 'policies':
          this.managedList(item.expr, address, path, [...moduleNotes, ...flag('attach_policies')]);
          break;
        case 'assume_role_policy_statements':
          if (item.expr.t === 'object' && item.expr.items.length === 0) break;
          this.unsupported('module-statements', { role: address, path, use: 'trust', notes: [] }, item.expr, [
            'trust policy (who may assume the role), not permissions',
          ]);
          break;
        default:
          this.scanExpr(item.expr, { role: address, path, use: 'other', notes: [] });
      }
    }
  }

  private moduleStatements(expr: Expr, role: string, path: string, notes: readonly string[]): void {
    const site: Site = { role, path, use: 'identity', notes };
    if (expr.t !== 'object') {
      this.unsupported('module-statements', site, expr, [
        `policy_statements is a ${describeExpr(expr)} (${this.values.source(expr)}), not a literal map`,
      ]);
      return;
    }
    const drafts = this.statements.moduleStatementDrafts(expr);
    this.finish('module-statements', {
      site,
      drafts,
      problems: [],
      listRange: expr.range,
      indent: this.lines.column(expr.items[0]?.range[0] ?? expr.range[0]),
      anchor: expr,
    });
  }

  // -- locals ----------------------------------------------------------------------------

  private locals(block: Block): void {
    for (const attr of attributes(block).values()) {
      const role = `local.${attr.name}`;
      const usage = this.usedBy((t) => isNamed(t, 'local', attr.name));
      this.scanExpr(attr.expr, {
        role,
        path: role,
        use: usage.trust ? 'trust' : 'identity',
        notes: [usage.note],
      });
    }
  }
}
