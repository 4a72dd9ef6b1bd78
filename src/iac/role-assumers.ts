import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { ownValue } from '../catalog/own-value.js';
import { parseTemplateDocument } from './cloudformation/template-resources.js';
import { expression, keyText, scalarText } from './cloudformation/intrinsics.js';
import { parseHclFile } from './terraform/hcl-parser.js';
import type { Block as HclBlock, BodyItem } from './terraform/hcl-syntax.js';
import type { LocatedPolicy } from './template-policy.js';

/** Who assumes a role, as its template says. */
export interface RoleAssumer {
  /** The service principals its trust policy names (`lambda.amazonaws.com`, ...). */
  readonly services: readonly string[];
  /** Other principals it names, described (`AWS 123456789012`, `Federated ...`). */
  readonly others: readonly string[];
  /** The Lambda functions of the template that run as it. */
  readonly functions: readonly string[];
  /** False when the trust policy could not be read (a variable, an expression, another file). */
  readonly readable: boolean;
}

/** A template as located: its file, text and policies. */
export interface TemplateForAssumers {
  readonly file: string;
  readonly text: string;
  readonly policies: readonly LocatedPolicy[];
}

const UNKNOWN: RoleAssumer = { services: [], others: [], functions: [], readable: false };
const LAMBDA_SERVICES = new Set(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']);

/**
 * Who assumes each policy's role: the trust policy of the role it belongs to
 * (CloudFormation/SAM `AssumeRolePolicyDocument`, Terraform `assume_role_policy` and the
 * policy document it points at), and the Lambda functions that name the role. Serverless
 * roles are all functions' roles. Terraform roles are looked up across the files of one
 * directory (a module spans several). A role whose trust cannot be read is `readable: false`.
 */
export function roleAssumers(templates: readonly TemplateForAssumers[]): Map<LocatedPolicy, RoleAssumer> {
  const out = new Map<LocatedPolicy, RoleAssumer>();
  const terraformByDir = new Map<string, Map<string, RoleAssumer>>();
  for (const t of templates) {
    if (!t.policies.some((p) => p.format === 'terraform' || p.attachedRoles !== undefined)) continue;
    const dir = directoryOf(t.file);
    const found = terraformByDir.get(dir) ?? new Map<string, RoleAssumer>();
    for (const [k, v] of terraformAssumers(t.text)) found.set(k, merge(found.get(k), v));
    terraformByDir.set(dir, found);
  }
  for (const t of templates) {
    const cfn = t.policies.some((p) => p.format === 'cloudformation')
      ? cloudFormationAssumers(t.text)
      : new Map<string, RoleAssumer>();
    const tf = terraformByDir.get(directoryOf(t.file)) ?? new Map<string, RoleAssumer>();
    for (const p of t.policies) {
      if (p.format === 'serverless') {
        // Provider, function and resources roles alike: Serverless locates only functions' roles.
        out.set(p, {
          services: ['lambda.amazonaws.com'],
          others: [],
          functions: ['(serverless)'],
          readable: true,
        });
      } else if (p.format === 'cloudformation') out.set(p, cfn.get(p.role) ?? UNKNOWN);
      // A template file a Terraform policy reads (templatefile()) carries its roles.
      else if (p.format === 'terraform' || p.attachedRoles !== undefined) {
        const keys = [p.role, ...(p.attachedRoles ?? [])];
        out.set(p, keys.map((k) => tf.get(k)).find((a) => a !== undefined) ?? UNKNOWN);
      } else out.set(p, UNKNOWN);
    }
  }
  return out;
}

/** A Lambda execution role: its trust names Lambda (or Lambda@Edge), or a function runs as it. */
export function isLambdaRole(a: RoleAssumer): boolean {
  return a.functions.length > 0 || a.services.some((s) => LAMBDA_SERVICES.has(s));
}

/**
 * Whether `patch` leaves the role alone unless `--all-roles`: its trust policy was read and
 * names neither Lambda nor Lambda@Edge, and no function of the template runs as it. A role
 * whose trust cannot be read is patched (it may well be a Lambda role) and listed as unknown.
 */
export function isOtherServiceRole(a: RoleAssumer): boolean {
  return a.readable && !isLambdaRole(a);
}

/** `lambda`, `not lambda` or `unknown`: the kind of role, for a listing. */
export function roleKind(a: RoleAssumer): 'lambda' | 'not lambda' | 'unknown' {
  return isLambdaRole(a) ? 'lambda' : a.readable ? 'not lambda' : 'unknown';
}

/** What assumes the role, for a listing: its principals, or that its trust policy could not be read. */
export function describeAssumer(a: RoleAssumer): string {
  const who = [...a.services, ...a.others];
  const named =
    who.length > 0 ? who.join(', ') : a.readable ? 'no principal' : 'its trust policy could not be read';
  const fns = a.functions.filter((f) => f !== '(serverless)');
  return fns.length > 0 ? `${named}; used by ${fns.join(', ')}` : named;
}

function merge(a: RoleAssumer | undefined, b: RoleAssumer): RoleAssumer {
  if (!a) return b;
  return {
    services: [...new Set([...a.services, ...b.services])],
    others: [...new Set([...a.others, ...b.others])],
    functions: [...new Set([...a.functions, ...b.functions])],
    readable: a.readable && b.readable,
  };
}

function directoryOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? '' : file.slice(0, slash);
}

// --- CloudFormation / SAM ---------------------------------------------------------------

function cloudFormationAssumers(text: string): Map<string, RoleAssumer> {
  const out = new Map<string, RoleAssumer>();
  const doc = parseTemplateDocument(text);
  const resources = doc && isMap(doc.contents) ? get(doc.contents, 'Resources') : undefined;
  if (!isMap(resources)) return out;
  const usedBy = new Map<string, string[]>();
  const use = (role: string, fn: string): void => {
    usedBy.set(role, [...(usedBy.get(role) ?? []), fn]);
  };
  for (const pair of resources.items) {
    const id = keyText(pair);
    if (!id || !isMap(pair.value)) continue;
    const type = scalarText(get(pair.value, 'Type'));
    const props = get(pair.value, 'Properties');
    const roleRef = isMap(props) ? roleName(get(props, 'Role')) : undefined;
    if (type === 'AWS::IAM::Role') {
      const trust = isMap(props) ? get(props, 'AssumeRolePolicyDocument') : undefined;
      out.set(id, { ...readTrust(trust), functions: [] });
    } else if (type === 'AWS::Lambda::Function' && roleRef) use(roleRef, id);
    else if (type === 'AWS::Serverless::Function') {
      if (roleRef) use(roleRef, id);
      // SAM creates <LogicalId>Role, trusted by Lambda, for a function without a Role.
      else
        out.set(`${id}Role`, {
          services: ['lambda.amazonaws.com'],
          others: [],
          functions: [id],
          readable: true,
        });
    }
  }
  for (const [role, fns] of usedBy) {
    const a = out.get(role) ?? UNKNOWN;
    out.set(role, { ...a, functions: [...a.functions, ...fns] });
  }
  return out;
}

/** The logical id a `Role` property points at (`!GetAtt R.Arn`, `!Ref R`), if any. */
function roleName(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  const e = expression(node);
  return e.kind === 'getatt' ? e.resource : e.kind === 'ref' ? e.name : undefined;
}

/**
 * Who a CloudFormation trust policy (`AssumeRolePolicyDocument`, a YAML/JSON node) lets
 * assume the role; `readable: false` when it is not a literal document.
 */
export function readTrust(node: Node | undefined): Omit<RoleAssumer, 'functions'> {
  const statement = isMap(node) ? get(node, 'Statement') : undefined;
  if (statement === undefined) return UNKNOWN;
  const items = isSeq(statement) ? statement.items : [statement];
  const services: string[] = [];
  const others: string[] = [];
  let readable = true;
  for (const item of items) {
    const principal = isMap(item) ? get(item as YAMLMap, 'Principal') : undefined;
    if (!isMap(principal)) {
      readable = false;
      continue;
    }
    for (const p of principal.items) {
      const kind = keyText(p) ?? '?';
      const values = isSeq(p.value) && !p.value.tag ? p.value.items : [p.value];
      for (const v of values) {
        const text = principalText(v as Node | null);
        // An account, role or federated principal is not a service even when written as an expression.
        if (kind !== 'Service') others.push(`${kind} ${text ?? '(an expression)'}`);
        else if (text === undefined) readable = false;
        else services.push(text);
      }
    }
  }
  return { services: [...new Set(services)], others: [...new Set(others)], readable };
}

/**
 * A principal as text: a plain string, or a `!Sub` of pseudo parameters (the URL suffix is
 * `amazonaws.com`; `states.${AWS::Region}.amazonaws.com` stays as written).
 */
function principalText(node: Node | null): string | undefined {
  if (isScalar(node) && !node.tag && typeof node.value === 'string') return node.value;
  const e = node ? expression(node) : undefined;
  if (e?.kind !== 'sub') return undefined;
  let text = '';
  for (const part of e.parts) {
    if (typeof part === 'string') text += part;
    else if (part.kind === 'ref' && part.name === 'AWS::URLSuffix') text += 'amazonaws.com';
    else if (part.kind === 'ref' && part.name.startsWith('AWS::')) text += `\${${part.name}}`;
    else return undefined;
  }
  return text;
}

function get(map: YAMLMap, key: string): Node | undefined {
  for (const p of map.items) if (keyText(p) === key) return (p.value ?? undefined) as Node | undefined;
  return undefined;
}

// --- Terraform --------------------------------------------------------------------------

// A service principal written in the text: "lambda.amazonaws.com", "states.amazonaws.com.cn".
const SERVICE = /"((?:[a-z0-9-]+\.)+amazonaws\.com(?:\.cn)?)"/g;
// A reference to a role or a policy document by address.
const ROLE_REF = /\baws_iam_role\.([A-Za-z0-9_-]+)/g;
const DOCUMENT_REF = /\bdata\.aws_iam_policy_document\.([A-Za-z0-9_-]+)/g;

/** Who assumes each role of a Terraform file, by address (`aws_iam_role.x`, `module.x`). */
export function terraformAssumers(text: string): Map<string, RoleAssumer> {
  const out = new Map<string, RoleAssumer>();
  const items = parseHclFile(text) ?? [];
  const documents: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const b of blocks(items, 'data', 'aws_iam_policy_document'))
    documents[b.labels[1] as string] = text.slice(b.range[0], b.range[1]);
  const usedBy = new Map<string, string[]>();
  for (const item of items) {
    if (item.t !== 'block' || item.labels.length < 1) continue;
    const [first, second] = item.labels;
    if (item.type === 'resource' && first === 'aws_iam_role' && second !== undefined) {
      const trust = attributeText(text, item, 'assume_role_policy');
      if (trust === undefined) {
        out.set(`aws_iam_role.${second}`, UNKNOWN);
        continue;
      }
      // The trust policy itself, or the policy documents it is built from.
      let source = trust;
      for (const m of trust.matchAll(DOCUMENT_REF)) source += ownValue(documents, m[1] as string) ?? '';
      const services = [...new Set([...source.matchAll(SERVICE)].map((m) => m[1] as string))];
      out.set(`aws_iam_role.${second}`, {
        services,
        others: [],
        functions: [],
        readable: services.length > 0,
      });
    } else if (item.type === 'resource' && first === 'aws_lambda_function' && second !== undefined) {
      const role = attributeText(text, item, 'role') ?? '';
      for (const m of role.matchAll(ROLE_REF)) {
        const address = `aws_iam_role.${m[1] as string}`;
        usedBy.set(address, [...(usedBy.get(address) ?? []), `aws_lambda_function.${second}`]);
      }
    } else if (item.type === 'module' && first !== undefined) {
      // A Lambda module (terraform-aws-modules/lambda and its kind, or a local copy given a
      // function_name or handler) makes the function's role.
      const source = attributeText(text, item, 'source') ?? '';
      const fnInputs = ['function_name', 'handler'].some((a) => attributeText(text, item, a) !== undefined);
      if (/lambda/i.test(source) || fnInputs)
        out.set(`module.${first}`, {
          services: [],
          others: [],
          functions: [`module.${first}`],
          readable: true,
        });
    }
  }
  for (const [role, fns] of usedBy) {
    const a = out.get(role) ?? UNKNOWN;
    out.set(role, { ...a, functions: [...a.functions, ...fns] });
  }
  return out;
}

function blocks(items: readonly BodyItem[], type: string, label: string): HclBlock[] {
  return items.filter(
    (i): i is HclBlock => i.t === 'block' && i.type === type && i.labels[0] === label && i.labels.length > 1,
  );
}

function attributeText(text: string, block: HclBlock, name: string): string | undefined {
  for (const item of block.body)
    if (item.t === 'attribute' && item.name === name)
      return text.slice(item.expr.range[0], item.expr.range[1]);
  return undefined;
}
