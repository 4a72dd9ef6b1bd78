import { lookupStrings } from './param-lookup.js';

/** Values known from the event itself, used for `${Partition}`, `${Region}`, `${Account}`. */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'var'; path: string }
  | { kind: 'fn'; name: string; args: Part[][] };

const MAX_VALUES = 100;
const cache = new Map<string, Part[]>();

/**
 * Renders an iamlive resource template (`arn:${Partition}:sqs:${Region}:${Account}:%%regex%${QueueUrl}%/^.+\/(.+?)$/g%%`)
 * against request parameters. Returns every rendering (arrays fan out); an empty list
 * when a variable the template needs is absent, so no ARN is ever half-filled.
 * Syntax: see iam-dataset MAP-README (iamlive map, MIT).
 */
export function renderTemplate(template: string, params: unknown, ctx: ArnContext): string[] {
  let parts = cache.get(template);
  if (!parts) {
    parts = parseTemplate(template);
    cache.set(template, parts);
  }
  return evalParts(parts, params, ctx);
}

function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  const re = /%%(\w+)%(.*?)%%|\$\{([^}]+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ kind: 'text', text: template.slice(last, m.index) });
    if (m[1] !== undefined) {
      parts.push({ kind: 'fn', name: m[1], args: (m[2] ?? '').split('%').map(parseTemplate) });
    } else {
      parts.push({ kind: 'var', path: m[3] as string });
    }
    last = re.lastIndex;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

function evalParts(parts: Part[], params: unknown, ctx: ArnContext): string[] {
  let out = [''];
  for (const part of parts) {
    const values = evalPart(part, params, ctx);
    if (values.length === 0) return [];
    const next: string[] = [];
    for (const prefix of out) for (const v of values) if (next.length < MAX_VALUES) next.push(prefix + v);
    out = next;
  }
  return out;
}

function evalPart(part: Part, params: unknown, ctx: ArnContext): string[] {
  switch (part.kind) {
    case 'text':
      return [part.text];
    case 'var':
      if (part.path === 'Partition') return [ctx.partition];
      if (part.path === 'Region') return ctx.region ? [ctx.region] : [];
      if (part.path === 'Account') return ctx.account ? [ctx.account] : [];
      return lookupStrings(params, part.path);
    case 'fn':
      return evalFunction(part.name, part.args, params, ctx);
  }
}

function evalFunction(name: string, args: Part[][], params: unknown, ctx: ArnContext): string[] {
  const arg = (i: number): string[] => (args[i] ? evalParts(args[i], params, ctx) : []);
  switch (name) {
    case 'regex': {
      const source = (args[1] ?? []).map((p) => (p.kind === 'text' ? p.text : '')).join('');
      const re = toRegExp(source);
      if (!re) return [];
      const out: string[] = [];
      for (const v of arg(0)) {
        const m = re.exec(v);
        re.lastIndex = 0;
        const value = m ? (m[1] ?? m[0]) : undefined;
        if (value) out.push(value);
      }
      return out;
    }
    case 'iftruthy':
      return arg(0).some((v) => v && v !== 'false') ? arg(1) : arg(2);
    case 'urlencode':
      return arg(0).map(encodeURIComponent);
    case 'many':
      return args.flatMap((_, i) => arg(i));
    case 'iftemplatematch':
      // Only a full ARN can stand in for the resource type's template.
      return arg(0).filter((v) => v.startsWith('arn:'));
    default:
      return [];
  }
}

const regexCache = new Map<string, RegExp | null>();
function toRegExp(source: string): RegExp | null {
  if (regexCache.has(source)) return regexCache.get(source) ?? null;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(source);
  let re: RegExp | null;
  try {
    // The `g` flag only makes exec stateful; first-match semantics are all we need.
    re = m ? new RegExp(m[1] as string, (m[2] ?? '').replace('g', '')) : new RegExp(source);
  } catch {
    re = null;
  }
  regexCache.set(source, re);
  return re;
}
