import { isMap } from 'yaml';
import type { AuditEstate } from '../../model/audit-estate.js';
import { parseTemplateDocument, templateResources } from '../cloudformation/template-resources.js';
import { entryValue as get } from '../cloudformation/template-resources.js';
import { formatOf, locatePolicies } from '../locate-policies.js';
import type { ResolveContext } from '../resolve-expression.js';
import { templateParameterDefaults } from '../template-parameters.js';
import { lineNumbers } from '../text/positions.js';
import { readCloudFormationResources } from './cloudformation-estate.js';
import { createEstateDraft, finishEstate, type EstateDraft } from './estate-draft.js';
import { placeLocatedPolicies } from './place-located-policies.js';
import { readServerlessService } from './serverless-estate.js';
import { settleFunctionRoles } from './settle-function-roles.js';
import { settlePendingLinks } from './settle-pending-links.js';
import { readTerraformFile } from './terraform-estate.js';

/**
 * What reading a template for the audit may know besides its text (all optional): the
 * values of its parameters (`--param`; a CloudFormation template's own defaults are added),
 * the partition, the deployed stack's resources. The same context `suggest` and `patch`
 * build for a template serves.
 */
export type EstateContext = Partial<ResolveContext>;

/**
 * The audit's view of one template (SAM/CloudFormation, Serverless, Terraform): its Lambda
 * functions with tracing, logging, URL, invoke permissions and invokers; the roles they
 * run as with every statement and managed policy; log groups with retention; and the
 * suppressions its resources declare, each at its place (`file` as given, 1-based line).
 * Values the template does not resolve are kept as the expression written, never guessed.
 * A file that cannot be read is one `skipped` entry with why; nothing here throws on what
 * the template says.
 */
export function estateFromTemplate(file: string, text: string, ctx: EstateContext = {}): AuditEstate {
  const draft = readTemplateDraft(file, text, ctx);
  settleDraft(draft);
  return finishEstate(draft);
}

/**
 * Links what the file's readers left open: permissions, URLs and mappings to their
 * functions, functions to their roles. Run once per unit (a file, or a Terraform module's
 * files merged), after every file of it is read.
 */
export function settleDraft(draft: EstateDraft): void {
  settlePendingLinks(draft);
  settleFunctionRoles(draft);
}

/** One template read into a draft, its references to other resources not yet settled. */
export function readTemplateDraft(file: string, text: string, ctx: EstateContext = {}): EstateDraft {
  const draft = createEstateDraft(file);
  const policies = locatePolicies(file, text);
  const unreadable = policies.find((p) => p.kind === 'unreadable');
  if (unreadable) {
    draft.skipped.push({ what: file, reason: unreadable.note ?? 'the file cannot be read' });
    return draft;
  }
  const format = formatOf(file, text);
  const resolve = resolveContext(text, format === 'cloudformation', ctx);
  try {
    switch (format) {
      case 'policy-file':
        draft.skipped.push({
          what: file,
          reason: 'a policy document, not a template: it declares no function or role',
        });
        return draft;
      case 'cloudformation':
        readCloudFormation(draft, text, resolve);
        break;
      case 'serverless':
        readServerlessService(draft, text, resolve);
        break;
      case 'terraform':
        readTerraformFile(draft, text, resolve);
        break;
    }
    placeLocatedPolicies(draft, text, policies, mayCreateRole(format, draft));
  } catch (error) {
    // Nesting deeper than the readers' recursion: the last guard, as in `locatePolicies`.
    if (!(error instanceof RangeError)) throw error;
    const empty = createEstateDraft(file);
    empty.skipped.push({ what: file, reason: 'nested too deeply to read' });
    return empty;
  }
  return draft;
}

function resolveContext(text: string, cloudFormation: boolean, ctx: EstateContext): ResolveContext {
  return {
    partition: ctx.partition ?? 'aws',
    region: ctx.region,
    account: ctx.account,
    params: cloudFormation ? { ...templateParameterDefaults(text), ...ctx.params } : { ...ctx.params },
    stackResources: ctx.stackResources ?? new Map(),
    templateResources: ctx.templateResources ?? templateResources(text),
  };
}

function readCloudFormation(draft: EstateDraft, text: string, ctx: ResolveContext): void {
  const root = parseTemplateDocument(text)?.contents;
  if (!isMap(root)) return;
  const resources = get(root, 'Resources');
  if (!isMap(resources)) {
    draft.skipped.push({ what: draft.file, reason: 'no Resources section: not a CloudFormation template' });
    return;
  }
  const globalsNode = get(root, 'Globals');
  const globals = isMap(globalsNode) ? get(globalsNode, 'Function') : undefined;
  readCloudFormationResources(draft, {
    text,
    resources,
    globals: isMap(globals) ? globals : undefined,
    params: ctx.params,
    partition: ctx.partition,
    lineOf: lineNumbers(text),
  });
}

/**
 * Which role names a policy may make a role of when the file does not declare it: a
 * CloudFormation name (a parameter, an imported role), a Serverless role, a Terraform role
 * or module; not a placeholder such as `(Policy: no Roles)` or an unattached policy.
 */
function mayCreateRole(format: string, draft: EstateDraft): (role: string) => boolean {
  if (format === 'terraform') return (r) => /^(?:aws_iam_role|module|data\.aws_iam_role)\./.test(r);
  // Serverless: the provider's role (made by its reader unless the provider names its own)
  // and a function's own role (serverless-iam-roles-per-function).
  if (format === 'serverless') return (r) => draft.roles.has(r) || draft.functions.has(r);
  return (r) => !r.startsWith('(');
}
