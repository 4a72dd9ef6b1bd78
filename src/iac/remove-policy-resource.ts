import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { cutRange, type CutStep } from './cloudformation/cut-item.js';
import { expression, keyText, scalarText } from './cloudformation/intrinsics.js';
import { SHORT_TAGS } from './cloudformation/short-tags.js';
import { sourceOf } from './cloudformation/locate-cloudformation.js';
import { lineNumbers } from './text/positions.js';
import type { TextEdit } from './text/text-edits.js';

/** What removing a whole policy resource takes: the cuts, or why it cannot be done safely. */
export type ResourceRemoval =
  | {
      readonly kind: 'remove';
      readonly edits: readonly TextEdit[];
      /** What else was cut with it (`the DependsOn entry of Fn`). */
      readonly references: readonly string[];
    }
  | { readonly kind: 'blocked'; readonly why: string };

const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);

/**
 * The edits that remove the `AWS::IAM::Policy` or `AWS::IAM::ManagedPolicy` resource
 * `logicalId` of a CloudFormation template (YAML or JSON), with every reference that would
 * break without it: `DependsOn` entries naming it (the CDK writes them on functions), and
 * `ManagedPolicyArns` entries of `role` that `Ref` it. Blocked when the policy is attached to
 * anything but `role` (its statements were tightened for that role only), or when its id is
 * still written anywhere after the cuts (a `!GetAtt`, a `${Id}` in a `!Sub`, an Output).
 */
export function removePolicyResource(text: string, logicalId: string, role: string): ResourceRemoval {
  const doc = parseDocument(text, { customTags: SHORT_TAGS as never, uniqueKeys: false });
  const root = doc.contents;
  const resources = isMap(root) ? get(root, 'Resources') : undefined;
  if (doc.errors.length > 0 || !isMap(root) || !isMap(resources))
    return { kind: 'blocked', why: 'the template does not parse as a map of Resources' };
  const index = resources.items.findIndex((p) => keyText(p) === logicalId);
  const resource = resources.items[index]?.value;
  if (!isMap(resource) || !POLICY_TYPES.has(scalarText(get(resource, 'Type')) ?? ''))
    return { kind: 'blocked', why: `${logicalId} is not an AWS::IAM::Policy or AWS::IAM::ManagedPolicy` };
  const props = get(resource, 'Properties');
  const attached = new Set<string>();
  for (const key of ['Roles', 'Users', 'Groups']) {
    const list = isMap(props) ? get(props, key) : undefined;
    if (list === undefined) continue;
    if (!isSeq(list)) return { kind: 'blocked', why: `its ${key} is not a literal list` };
    for (const item of list.items)
      attached.add(key === 'Roles' ? roleOf(text, item) : `${key}: ${sourceOf(text, item)}`);
  }
  const cuts: { range: readonly [number, number] | undefined; what: string }[] = [
    { range: cutRange(text, [{ parent: resources, index }]), what: `resource ${logicalId}` },
  ];
  for (const [i, pair] of resources.items.entries()) {
    const id = keyText(pair);
    const other = pair.value;
    if (i === index || !id || !isMap(other)) continue;
    const dependsAt = other.items.findIndex((p) => keyText(p) === 'DependsOn');
    const depends = other.items[dependsAt]?.value as Node | null | undefined;
    if (isScalar(depends) && depends.value === logicalId)
      cuts.push({
        range: cutRange(text, [{ parent: other, index: dependsAt }]),
        what: `the DependsOn entry of ${id}`,
      });
    else if (isSeq(depends))
      for (const [j, item] of depends.items.entries())
        if (isScalar(item) && item.value === logicalId)
          cuts.push({
            range: cutRange(text, [
              { parent: depends, index: j },
              { parent: other, index: dependsAt },
            ]),
            what: `the DependsOn entry of ${id}`,
          });
    const otherProps = get(other, 'Properties');
    if (!isMap(otherProps)) continue;
    const arnsAt = otherProps.items.findIndex((p) => keyText(p) === 'ManagedPolicyArns');
    const arns = otherProps.items[arnsAt]?.value;
    if (!isSeq(arns)) continue;
    for (const [j, item] of arns.items.entries())
      if (refOf(item) === logicalId) {
        attached.add(id);
        const steps: CutStep[] = [
          { parent: arns, index: j },
          { parent: otherProps, index: arnsAt },
        ];
        cuts.push({ range: cutRange(text, steps), what: `the ManagedPolicyArns entry of ${id}` });
      }
  }
  const others = [...attached].filter((a) => a !== role);
  if (others.length > 0)
    return { kind: 'blocked', why: `it is also attached to ${others.join(', ')}, whose use was not checked` };
  const uncut = cuts.find((c) => c.range === undefined);
  if (uncut) return { kind: 'blocked', why: `its ${uncut.what} cannot be cut cleanly` };
  const ranges = cuts.map((c) => c.range as readonly [number, number]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++)
    if ((ranges[i] as [number, number])[0] < (ranges[i - 1] as [number, number])[1])
      return { kind: 'blocked', why: 'two of its references share a line' };
  // Any other mention of the id (a GetAtt, a ${Id} in a Sub, an Output) would break.
  const lineOf = lineNumbers(text);
  const word = new RegExp(
    `(?<![A-Za-z0-9])${logicalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`,
    'g',
  );
  for (const m of text.matchAll(word))
    if (!ranges.some(([s, e]) => m.index >= s && m.index < e))
      return { kind: 'blocked', why: `it is still referenced at line ${lineOf(m.index)}` };
  return {
    kind: 'remove',
    edits: ranges.map(([start, end]) => ({ start, end, text: '' })),
    references: cuts.slice(1).map((c) => c.what),
  };
}

function get(map: YAMLMap, key: string): Node | undefined {
  for (const p of map.items) if (keyText(p) === key) return (p.value ?? undefined) as Node | undefined;
  return undefined;
}

/** A role as the locator names it: the resource a Ref or GetAtt names, else its text. */
function roleOf(text: string, node: unknown): string {
  const e = node ? expression(node) : undefined;
  return e?.kind === 'ref' ? e.name : e?.kind === 'getatt' ? e.resource : sourceOf(text, node);
}

function refOf(node: unknown): string | undefined {
  const e = node ? expression(node) : undefined;
  return e?.kind === 'ref' ? e.name : undefined;
}
