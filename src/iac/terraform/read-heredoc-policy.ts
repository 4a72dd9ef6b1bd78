/**
 * A policy written as JSON in a heredoc. The heredoc is a template: its interpolations are
 * masked before the JSON is read, then evaluated back into the strings that hold them.
 */
import { STATEMENT_KEYS } from '../../policy/policy-json.js';
import type { Expression, TemplateValue } from '../template-policy.js';
import { JsonSyntaxError, parseJsonWithOffsets, type JsonNode } from '../text/json-offsets.js';
import type { LineIndex } from '../text/positions.js';
import type { Range, TemplateExpr, TemplatePart } from './hcl-syntax.js';
import type { ValueReader } from './hcl-values.js';
import { emptyStatement, PRINCIPAL_KEYS, type PolicyRead, type StatementDraft } from './read-statements.js';

/** Reads the statements of a heredoc's JSON policy, or says why it cannot. */
export class HeredocPolicyReader {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly values: ValueReader,
  ) {}

  read(heredoc: TemplateExpr): PolicyRead {
    const info = heredoc.heredoc;
    if (!info) return { problem: 'not a heredoc' };
    if (heredoc.parts.some((p) => p.t === 'directive'))
      return { problem: 'the heredoc uses template directives (%{ ... })' };
    const interps = heredoc.parts.filter((p) => p.t === 'interp');
    // Interpolations may hold quotes and braces: mask them so only the JSON is read.
    let masked = this.text;
    if (interps.length > 0) {
      const chars = this.text.slice(0, info.body[1]).split('');
      for (const p of interps) for (let i = p.range[0]; i < p.range[1]; i++) chars[i] = 'x';
      masked = chars.join('') + this.text.slice(info.body[1]);
    }
    let root: JsonNode;
    try {
      root = parseJsonWithOffsets(masked, info.body[0], info.body[1]);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return {
        problem: `the heredoc is not JSON${interps.length > 0 ? ' once its interpolations are set aside' : ''} (line ${this.lines.line(error.offset)}: ${error.message})`,
      };
    }
    const list = root.t === 'object' ? root.entries.find((e) => e.key === 'Statement')?.value : undefined;
    if (!list) return { problem: 'the heredoc JSON has no Statement' };
    const items = list.t === 'array' ? list.items : list.t === 'object' ? [list] : undefined;
    if (!items) return { problem: 'Statement is neither a list nor an object' };
    const value = (node: JsonNode, at: string, problems: string[]): TemplateValue => {
      const source = this.text.slice(node.range[0], node.range[1]);
      if (node.t !== 'string') {
        problems.push(`${at} is ${source}, not a string`);
        return {
          kind: 'expression',
          expression: { kind: 'opaque', description: source },
          source,
          offset: node.range[0],
        };
      }
      try {
        return this.jsonString(node.range, interps);
      } catch {
        problems.push(`${at}: cannot read the string ${source}`);
        return {
          kind: 'expression',
          expression: { kind: 'opaque', description: source },
          source,
          offset: node.range[0],
        };
      }
    };
    const values = (node: JsonNode, at: string, problems: string[]): TemplateValue[] =>
      node.t === 'array' ? node.items.map((n) => value(n, at, problems)) : [value(node, at, problems)];
    const drafts = items.map((item): StatementDraft => {
      const at = `statement at line ${this.lines.line(item.range[0])}`;
      const problems: string[] = [];
      if (item.t !== 'object') {
        problems.push(`${at} is not an object`);
        return { statement: emptyStatement(item.range), problems, notes: [], principals: false };
      }
      const get = (k: string): JsonNode | undefined => item.entries.find((e) => e.key === k)?.value;
      let principals = false;
      for (const e of item.entries) {
        if (PRINCIPAL_KEYS.has(e.key)) principals = true;
        else if (!STATEMENT_KEYS.has(e.key)) problems.push(`${at}: unknown key ${e.key}`);
      }
      const sidNode = get('Sid');
      const sid = sidNode ? value(sidNode, `${at}: Sid`, problems) : undefined;
      const effectNode = get('Effect');
      const effect = effectNode ? value(effectNode, `${at}: Effect`, problems) : undefined;
      if (!effect) problems.push(`${at}: no Effect`);
      else if (effect.kind !== 'literal' || (effect.value !== 'Allow' && effect.value !== 'Deny'))
        problems.push(`${at}: Effect is ${effect.source}, not "Allow" or "Deny"`);
      const action = get('Action');
      const notAction = get('NotAction');
      const resource = get('Resource');
      const notResource = get('NotResource');
      if (action && notAction) problems.push(`${at}: both Action and NotAction`);
      if (resource && notResource) problems.push(`${at}: both Resource and NotResource`);
      const actionNode = action ?? notAction;
      const resourceNode = resource ?? notResource;
      if (!actionNode) problems.push(`${at}: no Action`);
      if (!resourceNode && !principals) problems.push(`${at}: no Resource`);
      const condition = get('Condition');
      return {
        statement: {
          sid: sid?.kind === 'literal' ? sid.value : sid?.source,
          effect: effect?.kind === 'literal' && effect.value === 'Deny' ? 'Deny' : 'Allow',
          actionKey: action || !notAction ? 'Action' : 'NotAction',
          actions: actionNode ? values(actionNode, `${at}: Action`, problems) : [],
          resourceKey: resource || !notResource ? 'Resource' : 'NotResource',
          resources: resourceNode ? values(resourceNode, `${at}: Resource`, problems) : [],
          conditionSource: condition ? this.text.slice(condition.range[0], condition.range[1]) : undefined,
          conditionOffset: condition?.range[0],
          range: item.range,
        },
        problems,
        notes: [],
        principals,
      };
    });
    return { drafts, listRange: list.range, indent: this.lines.column(items[0]?.range[0] ?? list.range[0]) };
  }

  /** A JSON string in a heredoc: the template is evaluated first, then the JSON read. */
  private jsonString(range: Range, interps: readonly TemplatePart[]): TemplateValue {
    const source = this.text.slice(range[0], range[1]);
    const unescape = (s: string): string => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    const decode = (s: string): string => JSON.parse(`"${unescape(s)}"`) as string;
    const inside = interps.filter((p) => p.range[0] > range[0] && p.range[1] < range[1]);
    if (inside.length === 0)
      return { kind: 'literal', value: JSON.parse(unescape(source)) as string, source, offset: range[0] };
    const parts: (string | Expression)[] = [];
    let cursor = range[0] + 1;
    for (const p of inside) {
      if (p.range[0] > cursor) parts.push(decode(this.text.slice(cursor, p.range[0])));
      if (p.t === 'interp') parts.push(this.values.expression(p.expr));
      cursor = p.range[1];
    }
    if (range[1] - 1 > cursor) parts.push(decode(this.text.slice(cursor, range[1] - 1)));
    return { kind: 'expression', expression: { kind: 'sub', parts }, source, offset: range[0] };
  }
}
