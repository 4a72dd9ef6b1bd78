import { locatePolicyFilePolicies } from './policy-file.js';
import type { Expression, LocatedPolicy, TemplateStatement, TemplateValue } from './template-policy.js';

/**
 * The policy of a file a Terraform policy reads with `templatefile()` or `file()`, located
 * in that file so that the patch edits it. It belongs to the calling policy's role
 * (`from`). A `${name}` in a value is a template variable: the call's literal value stands
 * in for it, an unknown one is `*`, for matching only; the value is written back as it is in
 * the file. A template with directives (`%{ for }`) or a `${...}` outside strings is not
 * JSON and is reported, not edited.
 */
export function locateTemplateFilePolicies(file: string, text: string, from: LocatedPolicy): LocatedPolicy[] {
  const call = from.templateFile;
  const variables = call?.variables ?? {};
  const base = {
    role: from.role,
    ...(from.attachedRoles ? { attachedRoles: from.attachedRoles } : {}),
    ...(from.roleName !== undefined ? { roleName: from.roleName } : {}),
  };
  const via = `read by ${from.file}:${from.line} (${from.path})`;
  if (/%\{/.test(text)) return [unsupported(file, from, `${via}; template directives (%{...}) are not read`)];
  const found = locatePolicyFilePolicies(file, text);
  return found.map((p) => {
    if (p.kind === 'unreadable')
      return unsupported(file, from, `${via}; not a JSON policy once its variables are in: ${p.note ?? ''}`);
    const statements = p.statements.map((st): TemplateStatement => ({
      ...st,
      actions: st.actions.map((v) => withVariables(v, variables)),
      resources: st.resources.map((v) => withVariables(v, variables)),
    }));
    return { ...p, ...base, statements, note: p.note ? `${p.note}; ${via}` : via };
  });
}

function unsupported(file: string, from: LocatedPolicy, note: string): LocatedPolicy {
  return {
    file,
    format: 'policy-file',
    role: from.role,
    path: '(template file)',
    line: 1,
    kind: 'unsupported',
    statements: [],
    listRange: undefined,
    indent: 0,
    note,
    ...(from.attachedRoles ? { attachedRoles: from.attachedRoles } : {}),
  };
}

/** A literal holding `${name}`: an expression whose known variables are text and unknown ones match anything. */
function withVariables(v: TemplateValue, variables: Readonly<Record<string, string | null>>): TemplateValue {
  if (v.kind !== 'literal' || !v.value.includes('${')) return v;
  const parts: (string | Expression)[] = [];
  let last = 0;
  const re = /\$\{\s*([A-Za-z_][\w-]*)\s*\}/g;
  for (let m = re.exec(v.value); m; m = re.exec(v.value)) {
    parts.push(v.value.slice(last, m.index));
    const known = Object.hasOwn(variables, m[1] as string) ? variables[m[1] as string] : null;
    // A name no parameter can have: it resolves to nothing, which matching reads as `*`.
    parts.push(known ?? { kind: 'ref', name: `templatefile variable ${m[1] as string}` });
    last = re.lastIndex;
  }
  parts.push(v.value.slice(last));
  const joined = parts.filter((p) => p !== '');
  return {
    kind: 'expression',
    expression: { kind: 'sub', parts: joined },
    source: v.source,
    ...(v.offset !== undefined ? { offset: v.offset } : {}),
  };
}
