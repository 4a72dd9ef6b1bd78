/**
 * Statements of a Terraform policy read from HCL: `statement` blocks of an
 * `aws_iam_policy_document`, the lambda module's `policy_statements` map, and the object a
 * `jsonencode()` encodes. Each comes back as a draft with the problems that keep it from
 * being edited.
 */
import { STATEMENT_KEYS } from '../../policy/policy-json.js';
import type { TemplateStatement } from '../template-policy.js';
import type { LineIndex } from '../text/positions.js';
import {
  attributes,
  keyName,
  literalOf,
  objectField,
  type Block,
  type Expr,
  type ObjectExpr,
  type Range,
} from './hcl-syntax.js';
import { describeExpr, type ValueReader } from './hcl-values.js';

/** One statement as read, before the policy it belongs to is judged. */
export interface StatementDraft {
  readonly statement: TemplateStatement;
  readonly problems: readonly string[];
  readonly notes: readonly string[];
  readonly principals: boolean;
}

/** A policy's statements and where its statement list is written. */
export type PolicyRead = { drafts: StatementDraft[]; listRange: Range; indent: number } | { problem: string };

/** Keys of a JSON statement that name principals (trust and resource policies). */
export const PRINCIPAL_KEYS = new Set(['Principal', 'NotPrincipal']);
const DOC_STATEMENT_ATTRIBUTES = new Set([
  'sid',
  'effect',
  'actions',
  'not_actions',
  'resources',
  'not_resources',
]);
const MODULE_STATEMENT_KEYS = new Set([...DOC_STATEMENT_ATTRIBUTES, 'condition']);

/** Reads statements out of one Terraform file's HCL. */
export class StatementReader {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly values: ValueReader,
  ) {}

  documentStatement(block: Block): StatementDraft {
    const problems: string[] = [];
    const notes: string[] = [];
    const at = `statement at line ${this.lines.line(block.range[0])}`;
    const attrs = attributes(block);
    for (const item of block.body)
      if (item.t === 'attribute' && !DOC_STATEMENT_ATTRIBUTES.has(item.name))
        problems.push(`${at}: unknown attribute ${item.name}`);
    const conditions: Block[] = [];
    let principals = false;
    for (const item of block.body) {
      if (item.t !== 'block') continue;
      const type = item.type === 'dynamic' ? item.labels[0] : item.type;
      if (type === 'condition') {
        conditions.push(item);
        if (item.type === 'dynamic') notes.push(`${at}: a dynamic "condition" block is kept as written`);
      } else if (type === 'principals' || type === 'not_principals') principals = true;
      else problems.push(`${at}: unknown block ${item.type}`);
    }
    const body = this.commonStatement(
      at,
      {
        sid: attrs.get('sid')?.expr,
        effect: attrs.get('effect')?.expr,
        actions: attrs.get('actions')?.expr,
        notActions: attrs.get('not_actions')?.expr,
        resources: attrs.get('resources')?.expr,
        notResources: attrs.get('not_resources')?.expr,
      },
      problems,
      notes,
      { defaultEffect: true, single: false, principals },
    );
    let conditionSource: string | undefined;
    let conditionOffset: number | undefined;
    const firstCondition = conditions[0];
    const lastCondition = conditions[conditions.length - 1];
    if (firstCondition && lastCondition) {
      conditionOffset = firstCondition.range[0];
      const from = block.body.indexOf(firstCondition);
      const to = block.body.indexOf(lastCondition);
      conditionSource =
        to - from + 1 === conditions.length
          ? this.text.slice(firstCondition.range[0], lastCondition.range[1])
          : conditions.map((c) => this.values.source(c)).join('\n');
    }
    return {
      statement: { ...body, conditionSource, conditionOffset, range: block.range },
      problems,
      notes,
      principals,
    };
  }

  /** Sid, Effect, Action and Resource from HCL expressions (blocks, module maps, jsonencode). */
  private commonStatement(
    at: string,
    fields: {
      sid: Expr | undefined;
      effect: Expr | undefined;
      actions: Expr | undefined;
      notActions: Expr | undefined;
      resources: Expr | undefined;
      notResources: Expr | undefined;
    },
    problems: string[],
    notes: string[],
    options: { defaultEffect: boolean; single: boolean; principals: boolean; sid?: string },
  ): Omit<TemplateStatement, 'conditionSource' | 'range'> {
    let sid = options.sid;
    if (fields.sid) {
      sid = literalOf(fields.sid) ?? this.values.source(fields.sid);
      if (literalOf(fields.sid) === undefined)
        notes.push(`${at}: sid is an expression, kept as its source text`);
    }
    let effect: 'Allow' | 'Deny' = 'Allow';
    if (fields.effect) {
      const value = literalOf(fields.effect);
      if (value === 'Allow' || value === 'Deny') effect = value;
      else problems.push(`${at}: effect is ${this.values.source(fields.effect)}, not "Allow" or "Deny"`);
    } else if (!options.defaultEffect) problems.push(`${at}: no Effect`);
    if (fields.actions && fields.notActions) problems.push(`${at}: both actions and not_actions`);
    if (fields.resources && fields.notResources) problems.push(`${at}: both resources and not_resources`);
    const actionExpr = fields.actions ?? fields.notActions;
    const resourceExpr = fields.resources ?? fields.notResources;
    if (!actionExpr) problems.push(`${at}: no actions`);
    // A trust or resource policy names principals instead; it is reported as such.
    if (!resourceExpr && !options.principals) problems.push(`${at}: no resources`);
    return {
      sid,
      effect,
      actionKey: fields.actions || !fields.notActions ? 'Action' : 'NotAction',
      actions: actionExpr ? this.values.list(actionExpr, `${at}: actions`, notes, options.single) : [],
      resourceKey: fields.resources || !fields.notResources ? 'Resource' : 'NotResource',
      resources: resourceExpr
        ? this.values.list(resourceExpr, `${at}: resources`, notes, options.single)
        : [],
    };
  }

  /** The drafts of the lambda module's `policy_statements` map, one per key. */
  moduleStatementDrafts(expr: ObjectExpr): StatementDraft[] {
    return expr.items.map((item): StatementDraft => {
      const key = keyName(item.key) ?? this.values.source(item.key);
      const at = `statement ${key}`;
      const problems: string[] = [];
      const statementNotes: string[] = [];
      if (item.value.t !== 'object') {
        problems.push(`${at} is a ${describeExpr(item.value)}, not an object`);
        return { statement: emptyStatement(item.range), problems, notes: statementNotes, principals: false };
      }
      const obj = item.value;
      let principals = false;
      for (const field of obj.items) {
        const k = keyName(field.key) ?? this.values.source(field.key);
        if (k === 'principals' || k === 'not_principals') principals = true;
        else if (!MODULE_STATEMENT_KEYS.has(k)) problems.push(`${at}: unknown key ${k}`);
      }
      const get = (k: string): Expr | undefined => objectField(obj, k)?.value;
      const body = this.commonStatement(
        at,
        {
          sid: get('sid'),
          effect: get('effect'),
          actions: get('actions'),
          notActions: get('not_actions'),
          resources: get('resources'),
          notResources: get('not_resources'),
        },
        problems,
        statementNotes,
        { defaultEffect: true, single: false, principals, sid: key.replace(/[^0-9A-Za-z]/g, '') },
      );
      const condition = get('condition');
      return {
        statement: {
          ...body,
          conditionSource: condition ? this.values.source(condition) : undefined,
          conditionOffset: condition?.range[0],
          range: item.range,
        },
        problems,
        notes: statementNotes,
        principals,
      };
    });
  }

  /** A policy document in HCL object syntax (what jsonencode() turns into JSON). */
  objectPolicy(doc: Expr | undefined): PolicyRead {
    const list = doc?.t === 'object' ? objectField(doc, 'Statement')?.value : undefined;
    if (!list) return { problem: 'jsonencode() of something other than an object with a Statement' };
    const items = list.t === 'tuple' ? list.items : list.t === 'object' ? [list] : undefined;
    if (!items)
      return {
        problem: `Statement is a ${describeExpr(list)} (${this.values.source(list)}), not a literal list`,
      };
    const drafts = items.map((item): StatementDraft => {
      const at = `statement at line ${this.lines.line(item.range[0])}`;
      const problems: string[] = [];
      const notes: string[] = [];
      if (item.t !== 'object') {
        problems.push(`${at} is a ${describeExpr(item)}, not an object`);
        return { statement: emptyStatement(item.range), problems, notes, principals: false };
      }
      let principals = false;
      for (const field of item.items) {
        const k = keyName(field.key) ?? this.values.source(field.key);
        if (PRINCIPAL_KEYS.has(k)) principals = true;
        else if (!STATEMENT_KEYS.has(k)) problems.push(`${at}: unknown key ${k}`);
      }
      const get = (k: string): Expr | undefined => objectField(item, k)?.value;
      const body = this.commonStatement(
        at,
        {
          sid: get('Sid'),
          effect: get('Effect'),
          actions: get('Action'),
          notActions: get('NotAction'),
          resources: get('Resource'),
          notResources: get('NotResource'),
        },
        problems,
        notes,
        { defaultEffect: false, single: true, principals },
      );
      const condition = get('Condition');
      return {
        statement: {
          ...body,
          conditionSource: condition ? this.values.source(condition) : undefined,
          conditionOffset: condition?.range[0],
          range: item.range,
        },
        problems,
        notes,
        principals,
      };
    });
    return { drafts, listRange: list.range, indent: this.lines.column(items[0]?.range[0] ?? list.range[0]) };
  }
}

export function emptyStatement(range: Range): TemplateStatement {
  return {
    sid: undefined,
    effect: 'Allow',
    actionKey: 'Action',
    actions: [],
    resourceKey: 'Resource',
    resources: [],
    conditionSource: undefined,
    range,
  };
}
