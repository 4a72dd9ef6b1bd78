/**
 * Terraform (HCL native syntax): finds role policies and where they are written, so that
 * `iamtrim patch` can replace a statement list and leave every other byte of the file as
 * it was. There is no HCL library in the dependency tree, so this file holds a small
 * parser of its own that keeps the offset of every node.
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
import { STATEMENT_KEYS } from '../policy/policy-json.js';
import type { Expression, LocatedPolicy, TemplateStatement, TemplateValue } from './template-policy.js';

/** Which Terraform construct a located policy was read from. */
export type TerraformPolicyForm =
  /** `data "aws_iam_policy_document"` statement blocks. */
  | 'policy-document'
  /** `jsonencode({ Statement = [...] })`. */
  | 'jsonencode'
  /** JSON in a heredoc. */
  | 'heredoc-json'
  /** The lambda module's `policy_statements` map. */
  | 'module-statements'
  /** A managed policy ARN (or an attachment whose ARN could not be read). */
  | 'managed-policy'
  /** A policy attribute whose value is some other expression: a reference, `file(...)`, a quoted string. */
  | 'expression'
  /** The file is not valid HCL. */
  | 'syntax-error';

/** A located policy plus the Terraform form it was read from (for reports and counts). */
export interface TerraformLocatedPolicy extends LocatedPolicy {
  readonly form: TerraformPolicyForm;
}

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
 * A file that is not valid HCL yields one `unsupported` entry saying where parsing failed.
 */
export function locateTerraformPolicies(file: string, text: string): TerraformLocatedPolicy[] {
  let body: readonly BodyItem[];
  try {
    body = new HclParser(text).parseFile();
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    const lines = new LineIndex(text);
    return [
      {
        file,
        format: 'terraform',
        form: 'syntax-error',
        role: file,
        path: '',
        line: lines.line(error.offset),
        kind: 'unsupported',
        statements: [],
        listRange: undefined,
        indent: lines.column(error.offset),
        note: `not valid HCL at line ${lines.line(error.offset)}, column ${lines.column(error.offset) + 1}: ${error.message}`,
      },
    ];
  }
  return new Locator(file, text, body).run();
}

// ---------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------

type Range = readonly [number, number];

type TemplatePart =
  | { readonly t: 'lit'; readonly range: Range; readonly value: string }
  | { readonly t: 'interp'; readonly range: Range; readonly expr: Expr }
  | { readonly t: 'directive'; readonly range: Range; readonly exprs: readonly Expr[] };

type Step =
  | { readonly t: 'attr'; readonly name: string }
  | { readonly t: 'index'; readonly key: Expr }
  | { readonly t: 'splat' };

interface ObjectItem {
  readonly key: Expr;
  readonly value: Expr;
  readonly range: Range;
}

interface HeredocInfo {
  readonly marker: string;
  readonly strip: boolean;
  /** From the line after `<<EOF` to the start of the closing marker's line. */
  readonly body: Range;
}

interface TemplateExpr {
  readonly t: 'template';
  readonly range: Range;
  readonly parts: readonly TemplatePart[];
  readonly heredoc?: HeredocInfo;
}
interface TraversalExpr {
  readonly t: 'traversal';
  readonly range: Range;
  readonly root: string;
  readonly steps: readonly Step[];
}
interface CallExpr {
  readonly t: 'call';
  readonly range: Range;
  readonly name: string;
  readonly args: readonly Expr[];
}
interface TupleExpr {
  readonly t: 'tuple';
  readonly range: Range;
  readonly items: readonly Expr[];
}
interface ObjectExpr {
  readonly t: 'object';
  readonly range: Range;
  readonly items: readonly ObjectItem[];
}

type Expr =
  | TemplateExpr
  | TraversalExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  /** A number, `true`, `false` or `null`. */
  | { readonly t: 'scalar'; readonly range: Range }
  | { readonly t: 'for'; readonly range: Range; readonly parts: readonly Expr[] }
  /** Operators, conditionals, parentheses, and indexing of anything but a reference. */
  | { readonly t: 'op'; readonly range: Range; readonly what: string; readonly operands: readonly Expr[] };

interface Attribute {
  readonly t: 'attribute';
  readonly name: string;
  readonly expr: Expr;
  readonly range: Range;
}
interface Block {
  readonly t: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly BodyItem[];
  readonly range: Range;
}
type BodyItem = Attribute | Block;

// ---------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------

class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const IDENT = /[\p{L}_][\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}-]*/uy;
const IDENT_CHAR = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}-]/u;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const DIGITS = /[0-9]+/y;
/** Binary operators by precedence, lowest first. */
const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%'],
];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * A scannerless recursive-descent parser for HCL native syntax. `nl` says whether
 * newlines are insignificant where an expression is being read: they end an attribute
 * or an object item, but not inside parentheses, brackets, or an interpolation.
 */
class HclParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parseFile(): BodyItem[] {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    return this.parseBody(false);
  }

  private fail(message: string, at = this.pos): never {
    throw new HclSyntaxError(message, at);
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private at(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  /** `word` followed by something that cannot continue an identifier. */
  private atWord(word: string): boolean {
    return this.at(word) && !IDENT_CHAR.test(this.src[this.pos + word.length] ?? '');
  }

  private expect(s: string): void {
    if (!this.at(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  private sticky(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private ident(): string | undefined {
    return this.sticky(IDENT);
  }

  /** Skips blanks and comments; stops before a newline unless `newlines`. */
  private skip(newlines: boolean): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\n') {
        if (!newlines) return;
        this.pos++;
      } else if (c === '#' || (c === '/' && s[this.pos + 1] === '/')) {
        const end = s.indexOf('\n', this.pos);
        this.pos = end < 0 ? s.length : end;
      } else if (c === '/' && s[this.pos + 1] === '*') {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.pos = end + 2;
      } else return;
    }
  }

  private parseBody(inBlock: boolean): BodyItem[] {
    const items: BodyItem[] = [];
    for (;;) {
      this.skip(true);
      const c = this.peek();
      if (c === '') {
        if (inBlock) this.fail('a block is not closed');
        return items;
      }
      if (c === '}') {
        if (!inBlock) this.fail('unexpected "}"');
        return items;
      }
      const start = this.pos;
      const name = this.ident() ?? this.fail('expected an attribute or a block');
      this.skip(false);
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.pos++;
        this.skip(false);
        const expr = this.parseExpr(false);
        items.push({ t: 'attribute', name, expr, range: [start, expr.range[1]] });
        this.skip(false);
        const next = this.peek();
        if (next !== '\n' && next !== '' && next !== '}') this.fail('expected a newline after the attribute');
        continue;
      }
      const labels: string[] = [];
      while (this.peek() !== '{') {
        if (this.peek() === '"') {
          const label = this.parseQuoted();
          const value = literalOf(label);
          if (value === undefined) this.fail('a block label cannot hold an interpolation', label.range[0]);
          labels.push(value);
        } else labels.push(this.ident() ?? this.fail('expected "=", a block label or "{"'));
        this.skip(false);
      }
      this.pos++;
      const body = this.parseBody(true);
      this.pos++;
      items.push({ t: 'block', type: name, labels, body, range: [start, this.pos] });
    }
  }

  private parseExpr(nl: boolean): Expr {
    const cond = this.parseBinary(0, nl);
    const save = this.pos;
    this.skip(nl);
    if (this.peek() !== '?') {
      this.pos = save;
      return cond;
    }
    this.pos++;
    this.skip(true);
    const yes = this.parseExpr(nl);
    this.skip(nl);
    this.expect(':');
    this.skip(true);
    const no = this.parseExpr(nl);
    return { t: 'op', what: 'conditional', range: [cond.range[0], no.range[1]], operands: [cond, yes, no] };
  }

  private parseBinary(level: number, nl: boolean): Expr {
    const ops = BINARY_LEVELS[level];
    if (!ops) return this.parseUnary(nl);
    let left = this.parseBinary(level + 1, nl);
    for (;;) {
      const save = this.pos;
      this.skip(nl);
      const op = ops.find((o) => this.at(o));
      if (!op || this.at('<<')) {
        this.pos = save;
        return left;
      }
      this.pos += op.length;
      this.skip(true);
      const right = this.parseBinary(level + 1, nl);
      left = { t: 'op', what: op, range: [left.range[0], right.range[1]], operands: [left, right] };
    }
  }

  private parseUnary(nl: boolean): Expr {
    const c = this.peek();
    if (c === '!' || c === '-') {
      const start = this.pos;
      this.pos++;
      this.skip(true);
      const operand = this.parseUnary(nl);
      return { t: 'op', what: c, range: [start, operand.range[1]], operands: [operand] };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePrimary(): Expr {
    const start = this.pos;
    const c = this.peek();
    if (c === '"') return this.parseQuoted();
    if (this.at('<<')) return this.parseHeredoc();
    if (c >= '0' && c <= '9') {
      this.sticky(NUMBER);
      return { t: 'scalar', range: [start, this.pos] };
    }
    if (c === '(') {
      this.pos++;
      this.skip(true);
      const inner = this.parseExpr(true);
      this.skip(true);
      this.expect(')');
      return { t: 'op', what: '()', range: [start, this.pos], operands: [inner] };
    }
    if (c === '[') return this.parseTuple();
    if (c === '{') return this.parseObject();
    const name = this.ident() ?? this.fail('expected an expression');
    if (name === 'true' || name === 'false' || name === 'null')
      return { t: 'scalar', range: [start, this.pos] };
    let fn = name;
    while (this.at('::')) {
      this.pos += 2;
      fn += `::${this.ident() ?? this.fail('expected a function name after "::"')}`;
    }
    const save = this.pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    if (this.peek() === '(') return this.parseCall(start, fn);
    this.pos = save;
    if (fn !== name) this.fail('expected "(" after a function name');
    return { t: 'traversal', range: [start, this.pos], root: name, steps: [] };
  }

  private parseCall(start: number, name: string): Expr {
    this.pos++;
    const args: Expr[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ')') break;
      args.push(this.parseExpr(true));
      this.skip(true);
      if (this.at('...')) {
        this.pos += 3;
        this.skip(true);
      }
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ')') this.fail('expected "," or ")" after a function argument');
    }
    this.pos++;
    return { t: 'call', name, args, range: [start, this.pos] };
  }

  /** `for` opening a for-expression (and not an object key named `for`). */
  private atFor(): boolean {
    if (!this.atWord('for')) return false;
    const rest = this.src.slice(this.pos + 3, this.pos + 200);
    return /^\s+[\p{L}_]/u.test(rest);
  }

  private parseTuple(): Expr {
    const start = this.pos;
    this.pos++;
    this.skip(true);
    if (this.atFor()) return this.parseFor(start, ']');
    const items: Expr[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ']') break;
      items.push(this.parseExpr(true));
      this.skip(true);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]" after a list item');
    }
    this.pos++;
    return { t: 'tuple', items, range: [start, this.pos] };
  }

  private parseObject(): Expr {
    const start = this.pos;
    this.pos++;
    this.skip(true);
    if (this.atFor()) return this.parseFor(start, '}');
    const items: ObjectItem[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === '}') break;
      const key = this.parseExpr(false);
      this.skip(false);
      const c = this.peek();
      if ((c === '=' && this.peek(1) !== '=' && this.peek(1) !== '>') || c === ':') this.pos++;
      else this.fail('expected "=" or ":" after an object key');
      this.skip(false);
      const value = this.parseExpr(false);
      items.push({ key, value, range: [key.range[0], value.range[1]] });
      this.skip(false);
      const next = this.peek();
      if (next === ',') this.pos++;
      else if (next !== '\n' && next !== '}')
        this.fail('expected a newline, "," or "}" after an object item');
    }
    this.pos++;
    return { t: 'object', items, range: [start, this.pos] };
  }

  private parseFor(start: number, close: ']' | '}'): Expr {
    this.pos += 3;
    const parts: Expr[] = [];
    this.skip(true);
    this.forVariables();
    parts.push(this.parseExpr(true));
    this.skip(true);
    this.expect(':');
    this.skip(true);
    parts.push(this.parseExpr(true));
    this.skip(true);
    if (close === '}') {
      this.expect('=>');
      this.skip(true);
      parts.push(this.parseExpr(true));
      this.skip(true);
      if (this.at('...')) {
        this.pos += 3;
        this.skip(true);
      }
    }
    if (this.atWord('if')) {
      this.pos += 2;
      this.skip(true);
      parts.push(this.parseExpr(true));
      this.skip(true);
    }
    this.expect(close);
    return { t: 'for', parts, range: [start, this.pos] };
  }

  /** `k, v in` of a for-expression or directive, up to the collection. */
  private forVariables(): void {
    if (this.ident() === undefined) this.fail('expected a variable name after "for"');
    this.skip(true);
    if (this.peek() === ',') {
      this.pos++;
      this.skip(true);
      if (this.ident() === undefined) this.fail('expected a variable name after ","');
      this.skip(true);
    }
    if (!this.atWord('in')) this.fail('expected "in"');
    this.pos += 2;
    this.skip(true);
  }

  private parsePostfix(first: Expr): Expr {
    let e = first;
    for (;;) {
      let step: Step;
      if (this.peek() === '.' && this.peek(1) !== '.') {
        this.pos++;
        if (this.peek() === '*') {
          this.pos++;
          step = { t: 'splat' };
        } else if (this.peek() >= '0' && this.peek() <= '9') {
          const start = this.pos;
          this.sticky(DIGITS);
          step = { t: 'index', key: { t: 'scalar', range: [start, this.pos] } };
        } else step = { t: 'attr', name: this.ident() ?? this.fail('expected an attribute name after "."') };
      } else if (this.peek() === '[') {
        this.pos++;
        this.skip(true);
        if (this.peek() === '*') {
          this.pos++;
          step = { t: 'splat' };
        } else step = { t: 'index', key: this.parseExpr(true) };
        this.skip(true);
        this.expect(']');
      } else return e;
      const range: Range = [e.range[0], this.pos];
      e =
        e.t === 'traversal'
          ? { ...e, range, steps: [...e.steps, step] }
          : { t: 'op', what: 'index', range, operands: step.t === 'index' ? [e, step.key] : [e] };
    }
  }

  private parseQuoted(): TemplateExpr {
    const start = this.pos;
    this.pos++;
    const parts: TemplatePart[] = [];
    let lit = '';
    let litStart = this.pos;
    const flush = (): void => {
      if (this.pos > litStart) parts.push({ t: 'lit', range: [litStart, this.pos], value: lit });
      lit = '';
    };
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') this.fail('a quoted string is not closed on its line', start);
      if (c === '"') {
        flush();
        this.pos++;
        return { t: 'template', parts, range: [start, this.pos] };
      }
      if (c === '\\') lit += this.escape();
      else if (this.at('$${') || this.at('%%{')) {
        lit += this.src.slice(this.pos + 1, this.pos + 3);
        this.pos += 3;
      } else if (this.at('${') || this.at('%{')) {
        flush();
        parts.push(this.parseInterpolation());
        litStart = this.pos;
      } else {
        lit += c;
        this.pos++;
      }
    }
  }

  private escape(): string {
    const n = this.src[this.pos + 1] ?? '';
    const simple = ESCAPES[n];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const digits = n === 'u' ? 4 : n === 'U' ? 8 : 0;
    const hex = this.src.slice(this.pos + 2, this.pos + 2 + digits);
    if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits)
      this.fail('invalid escape sequence');
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) this.fail('invalid escape sequence');
    this.pos += 2 + digits;
    return String.fromCodePoint(code);
  }

  private parseInterpolation(): TemplatePart {
    const start = this.pos;
    const directive = this.peek() === '%';
    this.pos += 2;
    if (this.peek() === '~') this.pos++;
    this.skip(true);
    const exprs: Expr[] = [];
    if (directive) {
      const word = this.ident() ?? this.fail('expected a template directive');
      this.skip(true);
      if (word === 'if') exprs.push(this.parseExpr(true));
      else if (word === 'for') {
        this.forVariables();
        exprs.push(this.parseExpr(true));
      } else if (word !== 'else' && word !== 'endif' && word !== 'endfor')
        this.fail(`unknown template directive "${word}"`);
    } else exprs.push(this.parseExpr(true));
    this.skip(true);
    if (this.peek() === '~') this.pos++;
    this.expect('}');
    const range: Range = [start, this.pos];
    const expr = exprs[0];
    return directive || !expr ? { t: 'directive', range, exprs } : { t: 'interp', range, expr };
  }

  private parseHeredoc(): TemplateExpr {
    const start = this.pos;
    this.pos += 2;
    const strip = this.peek() === '-';
    if (strip) this.pos++;
    const marker = this.ident() ?? this.fail('expected a heredoc marker after "<<"');
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r') this.pos++;
    if (this.peek() !== '\n') this.fail('a heredoc marker must end its line');
    this.pos++;
    const bodyStart = this.pos;
    const closing = new RegExp(`[ \\t]*${marker}(?=[ \\t]*(?:\\r?\\n|$))`, 'uy');
    const parts: TemplatePart[] = [];
    let lit = '';
    let litStart = this.pos;
    const flush = (): void => {
      if (this.pos > litStart) parts.push({ t: 'lit', range: [litStart, this.pos], value: lit });
      lit = '';
    };
    for (;;) {
      if (this.pos === bodyStart || this.src[this.pos - 1] === '\n') {
        closing.lastIndex = this.pos;
        const m = closing.exec(this.src);
        if (m) {
          flush();
          const bodyEnd = this.pos;
          this.pos += m[0].length;
          return {
            t: 'template',
            parts,
            range: [start, this.pos],
            heredoc: { marker, strip, body: [bodyStart, bodyEnd] },
          };
        }
      }
      const c = this.src[this.pos];
      if (c === undefined) this.fail(`heredoc <<${marker} is not closed`, start);
      if (this.at('$${') || this.at('%%{')) {
        lit += this.src.slice(this.pos + 1, this.pos + 3);
        this.pos += 3;
      } else if (this.at('${') || this.at('%{')) {
        flush();
        parts.push(this.parseInterpolation());
        litStart = this.pos;
      } else {
        lit += c;
        this.pos++;
      }
    }
  }
}

/** The value of a quoted string without interpolations. */
function literalOf(e: Expr): string | undefined {
  if (e.t !== 'template' || e.heredoc) return undefined;
  let value = '';
  for (const p of e.parts) {
    if (p.t !== 'lit') return undefined;
    value += p.value;
  }
  return value;
}

/** An object key written as a name or a plain string. */
function keyName(e: Expr): string | undefined {
  if (e.t === 'traversal' && e.steps.length === 0) return e.root;
  return literalOf(e);
}

function objectField(obj: ObjectExpr, name: string): ObjectItem | undefined {
  return obj.items.find((i) => keyName(i.key) === name);
}

/** Direct children of an expression, each with the path step that leads to it. */
function children(e: Expr): [Expr, string][] {
  switch (e.t) {
    case 'template':
      return e.parts.flatMap((p): [Expr, string][] =>
        p.t === 'interp'
          ? [[p.expr, '']]
          : p.t === 'directive'
            ? p.exprs.map((x): [Expr, string] => [x, ''])
            : [],
      );
    case 'traversal':
      return e.steps.flatMap((s): [Expr, string][] => (s.t === 'index' ? [[s.key, '']] : []));
    case 'call':
      return e.args.map((a): [Expr, string] => [a, '']);
    case 'tuple':
      return e.items.map((a, i): [Expr, string] => [a, `[${i}]`]);
    case 'object':
      return e.items.flatMap((i): [Expr, string][] => {
        const k = keyName(i.key);
        return [
          [i.key, ''],
          [i.value, k !== undefined && /^[\p{L}_][\p{L}\p{N}_-]*$/u.test(k) ? `.${k}` : ''],
        ];
      });
    case 'for':
      return e.parts.map((a): [Expr, string] => [a, '']);
    case 'op':
      return e.operands.map((a): [Expr, string] => [a, '']);
    case 'scalar':
      return [];
  }
}

function* traversals(e: Expr): Generator<TraversalExpr> {
  if (e.t === 'traversal') yield e;
  for (const [c] of children(e)) yield* traversals(c);
}

function attributes(block: { readonly body: readonly BodyItem[] }): Map<string, Attribute> {
  const map = new Map<string, Attribute>();
  for (const item of block.body) if (item.t === 'attribute') map.set(item.name, item);
  return map;
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/** Roots of references that are neither resources nor inputs iamtrim could resolve. */
const DYNAMIC_ROOTS = new Set(['each', 'count', 'path', 'self', 'terraform']);

function describeExpr(e: Expr): string {
  switch (e.t) {
    case 'template':
      return e.heredoc ? 'heredoc' : 'template';
    case 'traversal':
      return 'reference';
    case 'call':
      return `function call ${e.name}()`;
    case 'tuple':
      return 'list';
    case 'object':
      return 'object';
    case 'for':
      return 'for expression';
    case 'scalar':
      return 'number, bool or null';
    case 'op':
      return e.what === 'conditional'
        ? 'conditional'
        : e.what === 'index'
          ? 'index or splat'
          : e.what === '()'
            ? 'parenthesized expression'
            : `operator ${e.what}`;
  }
}

class ValueReader {
  constructor(private readonly text: string) {}

  source(e: { readonly range: Range }): string {
    return this.text.slice(e.range[0], e.range[1]);
  }

  private opaque(e: Expr, what = describeExpr(e)): Expression {
    return { kind: 'opaque', description: `${what}: ${this.source(e)}` };
  }

  /** One value as written in HCL. */
  value(e: Expr): TemplateValue {
    const source = this.source(e);
    const offset = e.range[0];
    if (e.t === 'template') {
      const literal = literalOf(e);
      if (literal !== undefined) return { kind: 'literal', value: literal, source, offset };
      if (e.heredoc || e.parts.some((p) => p.t === 'directive'))
        return {
          kind: 'expression',
          expression: this.opaque(e, e.heredoc ? 'heredoc' : 'template directive'),
          source,
          offset,
        };
      const parts = e.parts.map((p) =>
        p.t === 'lit' ? p.value : this.expression(p.t === 'interp' ? p.expr : e),
      );
      return { kind: 'expression', expression: { kind: 'sub', parts }, source, offset };
    }
    return { kind: 'expression', expression: this.expression(e), source, offset };
  }

  /** An expression inside an interpolation, or a bare one. */
  expression(e: Expr): Expression {
    if (e.t !== 'traversal') return this.opaque(e);
    const { root, steps } = e;
    if (steps.some((s) => s.t === 'splat')) return this.opaque(e, 'splat');
    const stepText = (s: Step): string | undefined =>
      s.t === 'attr' ? `.${s.name}` : s.t === 'index' ? this.indexText(s) : undefined;
    if (root === 'var' || root === 'local') {
      const texts = steps.map(stepText);
      if (steps[0]?.t !== 'attr' || texts.some((t) => t === undefined)) return this.opaque(e);
      return { kind: 'ref', name: root + texts.join('') };
    }
    if (DYNAMIC_ROOTS.has(root)) return this.opaque(e, `${root} reference`);
    // A resource type always has an underscore; anything else is a for/dynamic iterator.
    const named = root === 'data' ? 2 : root === 'module' || root.includes('_') ? 1 : -1;
    if (named < 0) return this.opaque(e);
    let resource = root;
    let i = 0;
    for (; i < named; i++) {
      const s = steps[i];
      if (s?.t !== 'attr') return this.opaque(e);
      resource += `.${s.name}`;
    }
    for (let s = steps[i]; s?.t === 'index'; s = steps[++i]) {
      const t = this.indexText(s);
      if (t === undefined) return this.opaque(e, 'reference with a computed index');
      resource += t;
    }
    const rest = steps.slice(i).map(stepText);
    if (steps[i]?.t !== 'attr' || rest.some((t) => t === undefined)) return this.opaque(e);
    return { kind: 'getatt', resource, attribute: rest.join('').slice(1) };
  }

  private indexText(s: Step & { t: 'index' }): string | undefined {
    if (s.key.t === 'scalar' && /^[0-9]+$/.test(this.source(s.key))) return `[${this.source(s.key)}]`;
    const literal = literalOf(s.key);
    return literal === undefined ? undefined : `[${JSON.stringify(literal)}]`;
  }

  /**
   * Values of a list-typed field. Anything but a literal list stays one opaque value (its
   * whole source), and `note` says so: the template model has no list-valued expression.
   */
  list(e: Expr, field: string, notes: string[], single: boolean): TemplateValue[] {
    if (e.t === 'tuple') return e.items.map((i) => this.value(i));
    if (e.t === 'template' && !e.heredoc) return [this.value(e)];
    if (single && e.t === 'traversal') return [this.value(e)];
    notes.push(
      `${field} is a ${describeExpr(e)} that may yield a list (${this.source(e)}); kept as one value`,
    );
    return [{ kind: 'expression', expression: this.opaque(e), source: this.source(e), offset: e.range[0] }];
  }
}

// ---------------------------------------------------------------------------------------
// JSON with offsets (for heredocs)
// ---------------------------------------------------------------------------------------

type JsonNode =
  | { readonly t: 'object'; readonly range: Range; readonly entries: readonly JsonEntry[] }
  | { readonly t: 'array'; readonly range: Range; readonly items: readonly JsonNode[] }
  | { readonly t: 'string'; readonly range: Range }
  | { readonly t: 'other'; readonly range: Range };

interface JsonEntry {
  readonly key: string;
  readonly value: JsonNode;
  readonly range: Range;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Reads JSON structure with offsets into `src`, which may be a window of a larger text. */
function parseJsonWithOffsets(src: string, from: number, to: number): JsonNode {
  let pos = from;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos);
  };
  const ws = (): void => {
    while (pos < to && /[ \t\r\n]/.test(src[pos] ?? '')) pos++;
  };
  const string = (): Range => {
    const start = pos;
    pos++;
    while (pos < to && src[pos] !== '"') {
      if (src[pos] === '\n') fail('a JSON string is not closed on its line');
      pos += src[pos] === '\\' ? 2 : 1;
    }
    if (pos >= to) fail('a JSON string is not closed');
    pos++;
    return [start, pos];
  };
  const value = (): JsonNode => {
    ws();
    const start = pos;
    const c = src[pos];
    if (pos >= to) fail('expected a JSON value');
    if (c === '"') return { t: 'string', range: string() };
    if (c === '{') {
      pos++;
      const entries: JsonEntry[] = [];
      ws();
      if (src[pos] === '}') pos++;
      else
        for (;;) {
          ws();
          if (src[pos] !== '"') fail('expected a JSON object key');
          const keyRange = string();
          const key = JSON.parse(src.slice(keyRange[0], keyRange[1])) as string;
          ws();
          if (src[pos] !== ':') fail('expected ":"');
          pos++;
          const v = value();
          entries.push({ key, value: v, range: [keyRange[0], v.range[1]] });
          ws();
          if (src[pos] === ',') pos++;
          else if (src[pos] === '}') {
            pos++;
            break;
          } else fail('expected "," or "}"');
        }
      return { t: 'object', entries, range: [start, pos] };
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (src[pos] === ']') pos++;
      else
        for (;;) {
          items.push(value());
          ws();
          if (src[pos] === ',') pos++;
          else if (src[pos] === ']') {
            pos++;
            break;
          } else fail('expected "," or "]"');
        }
      return { t: 'array', items, range: [start, pos] };
    }
    const m = /^(?:-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(
      src.slice(pos, Math.min(to, pos + 64)),
    );
    if (!m) return fail('expected a JSON value');
    pos += m[0].length;
    return { t: 'other', range: [start, pos] };
  };
  const root = value();
  ws();
  if (pos < to) fail('unexpected text after the JSON value');
  return root;
}

// ---------------------------------------------------------------------------------------
// Locating policies
// ---------------------------------------------------------------------------------------

class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private index(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  line(offset: number): number {
    return this.index(offset) + 1;
  }

  column(offset: number): number {
    return offset - (this.starts[this.index(offset)] ?? 0);
  }
}

/** Where a policy value sits and what it is for. */
interface Site {
  /** The `role` of a located policy. */
  readonly role: string;
  /** The dotted path of the attribute holding it. */
  readonly path: string;
  /**
   * `identity`: a role's (or user's/group's) permissions; `trust`: who may assume a
   * role; `other`: any other attribute (resource policies, module inputs iamtrim does not
   * know, outputs).
   */
  readonly use: 'identity' | 'trust' | 'other';
  readonly notes: readonly string[];
}

/** A reference somewhere in the file, and where it is. */
interface Reference {
  readonly traversal: TraversalExpr;
  /** `aws_iam_role_policy.x.policy`. */
  readonly where: string;
  readonly top: Block;
}

interface StatementDraft {
  readonly statement: TemplateStatement;
  readonly problems: readonly string[];
  readonly notes: readonly string[];
  readonly principals: boolean;
}

interface Entry {
  readonly policy: TerraformLocatedPolicy;
  readonly anchor: number;
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
const POLICY_ARN = /^arn:[^:]*:iam::[^:]*:policy\//;
const PRINCIPAL_KEYS = new Set(['Principal', 'NotPrincipal']);
const DOC_STATEMENT_ATTRIBUTES = new Set([
  'sid',
  'effect',
  'actions',
  'not_actions',
  'resources',
  'not_resources',
]);
const MODULE_STATEMENT_KEYS = new Set([...DOC_STATEMENT_ATTRIBUTES, 'condition']);

class Locator {
  private readonly lines: LineIndex;
  private readonly values: ValueReader;
  private readonly entries: Entry[] = [];
  private readonly references: Reference[] = [];
  private readonly policyDocuments = new Set<string>();
  private readonly policyLocals = new Set<string>();
  private readonly iamPolicies = new Set<string>();
  private readonly iamPolicyData = new Map<string, Block>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly body: readonly BodyItem[],
  ) {
    this.lines = new LineIndex(text);
    this.values = new ValueReader(text);
  }

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
    return this.entries.sort((a, b) => a.anchor - b.anchor).map((e) => e.policy);
  }

  // -- what the file defines, and every reference in it -------------------------------

  private index(): void {
    for (const item of this.body) {
      if (item.t !== 'block') continue;
      const [first, second] = item.labels;
      if (item.type === 'data' && first === 'aws_iam_policy_document' && second)
        this.policyDocuments.add(second);
      if (item.type === 'data' && first === 'aws_iam_policy' && second) this.iamPolicyData.set(second, item);
      if (item.type === 'resource' && first === 'aws_iam_policy' && second) this.iamPolicies.add(second);
      if (item.type === 'locals')
        for (const a of attributes(item).values())
          if (this.candidates(a.expr, '').length > 0) this.policyLocals.add(a.name);
      const address = blockAddress(item);
      const visit = (block: Block, prefix: string): void => {
        const counts = new Map<string, number>();
        for (const inner of block.body) {
          if (inner.t === 'attribute') {
            const where = item.type === 'locals' ? `local.${inner.name}` : `${prefix}.${inner.name}`;
            for (const traversal of traversals(inner.expr))
              this.references.push({ traversal, where, top: item });
          } else {
            const n = counts.get(inner.type) ?? 0;
            counts.set(inner.type, n + 1);
            visit(inner, `${prefix}.${inner.type}[${n}]`);
          }
        }
      };
      visit(item, address);
    }
  }

  /** Where a reference matching `match` is used, with the role each user names. */
  private users(match: (t: TraversalExpr) => boolean, depth = 0): { notes: string[]; trust: boolean } {
    const notes = new Set<string>();
    let trust = false;
    for (const ref of this.references) {
      if (!match(ref.traversal)) continue;
      if (ref.where.endsWith('.assume_role_policy')) trust = true;
      const attrs = attributes(ref.top);
      const [type, name] = ref.top.labels;
      const role = ref.top.type === 'resource' ? (attrs.get('role') ?? attrs.get('roles')) : undefined;
      let note = role ? `${ref.where} (${role.name} = ${this.values.source(role.expr)})` : ref.where;
      // A document used by an aws_iam_policy reaches a role through that policy's attachments.
      if (ref.top.type === 'resource' && type === 'aws_iam_policy' && name !== undefined && depth === 0) {
        const attached = this.users((t) => isNamed(t, 'aws_iam_policy', name), depth + 1).notes;
        if (attached.length > 0) note += ` (attached by ${attached.join(', ')})`;
      }
      notes.add(note);
    }
    return { notes: [...notes], trust };
  }

  private usedBy(match: (t: TraversalExpr) => boolean, verb = 'used'): { note: string; trust: boolean } {
    const { notes, trust } = this.users(match);
    return { note: notes.length > 0 ? `${verb} by ${notes.join(', ')}` : `not ${verb} in this file`, trust };
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
    const drafts = statements.map((s) => this.documentStatement(s));
    this.finish('policy-document', {
      site: { role, path: `${role}.statement`, use: usage.trust ? 'trust' : 'identity', notes },
      drafts,
      problems,
      listRange: [firstStatement.range[0], lastStatement.range[1]],
      indent: this.lines.column(firstStatement.range[0]),
      anchor: block,
    });
  }

  private documentStatement(block: Block): StatementDraft {
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
    const drafts = expr.items.map((item): StatementDraft => {
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

  // -- policy values ---------------------------------------------------------------------

  /**
   * Policies anywhere in a block's attributes. Only `policyAttribute` (directly in this
   * block) holds a role policy; anything found elsewhere is reported as unsupported.
   */
  private scanBlock(
    block: Block,
    role: string,
    address: string,
    notes: readonly string[],
    policyAttribute?: string,
  ): void {
    const counts = new Map<string, number>();
    for (const item of block.body) {
      if (item.t === 'attribute') {
        const path = `${address}.${item.name}`;
        if (item.name === policyAttribute)
          this.policyValue(item.expr, { role, path, use: 'identity', notes });
        else this.scanExpr(item.expr, { role, path, use: 'other', notes: [] });
      } else {
        const n = counts.get(item.type) ?? 0;
        counts.set(item.type, n + 1);
        this.scanBlock(item, role, `${address}.${item.type}[${n}]`, []);
      }
    }
  }

  /**
   * Policy documents anywhere inside `expr`: jsonencode() of an object with a Statement,
   * such an object on its own (a local that a jsonencode() elsewhere encodes), and
   * heredoc JSON with a "Statement".
   */
  private candidates(expr: Expr, path: string): [Expr, string][] {
    if (expr.t === 'call' && expr.name === 'jsonencode') {
      const arg = expr.args[0];
      if (arg?.t === 'object' && objectField(arg, 'Statement')) return [[expr, path]];
    }
    if (expr.t === 'object' && objectField(expr, 'Statement')) return [[expr, path]];
    if (expr.t === 'template' && expr.heredoc && /"Statement"\s*:/.test(this.values.source(expr)))
      return [[expr, path]];
    return children(expr).flatMap(([child, step]) => this.candidates(child, path + step));
  }

  private scanExpr(expr: Expr, site: Site): void {
    for (const [found, step] of this.candidates(expr, ''))
      this.policyDocumentValue(found, { ...site, path: site.path + step });
  }

  /** An attribute that holds a role's policy document (`policy`, `policy_json`). */
  private policyValue(written: Expr, site: Site): void {
    const expr = unwrapInterpolation(written);
    const found = this.candidates(expr, '');
    if (found.length > 0) {
      const wrapped = found.length > 1 || found[0]?.[0] !== expr;
      for (const [e, step] of found)
        this.policyDocumentValue(e, {
          ...site,
          path: site.path + step,
          notes: wrapped ? [...site.notes, `one of the policies inside a ${describeExpr(expr)}`] : site.notes,
        });
      return;
    }
    const source = this.values.source(expr);
    const encoded = expr.t === 'call' && expr.name === 'jsonencode' ? expr.args[0] : undefined;
    if (
      encoded?.t === 'traversal' &&
      encoded.root === 'local' &&
      this.policyLocals.has(stepName(encoded, 0) ?? '')
    )
      return; // jsonencode(local.policy): located at the local
    if (expr.t === 'traversal') {
      if (expr.root === 'data' && stepName(expr, 0) === 'aws_iam_policy_document') {
        if (this.policyDocuments.has(stepName(expr, 1) ?? '')) return; // located there, with this use in its note
        this.unsupported('expression', site, expr, [`the policy is ${source}, defined in another file`]);
        return;
      }
      if (expr.root === 'local' && this.policyLocals.has(stepName(expr, 0) ?? '')) return;
    }
    const why =
      expr.t === 'call' && (expr.name === 'file' || expr.name === 'templatefile')
        ? `the policy is read from ${this.values.source(expr.args[0] ?? expr)} by ${expr.name}()`
        : expr.t === 'template' && expr.heredoc
          ? 'the heredoc holds no JSON policy document with a Statement'
          : expr.t === 'template'
            ? /Statement/.test(source)
              ? 'the policy is JSON written in a quoted string'
              : 'the policy is a quoted string, not a policy document'
            : expr.t === 'call' && expr.name === 'jsonencode'
              ? 'jsonencode() of something other than an object with a Statement'
              : `the policy is a ${describeExpr(expr)} (${source})`;
    if (site.use === 'identity') this.unsupported('expression', site, expr, [why]);
  }

  /** A jsonencode() call or heredoc known to hold something with a Statement. */
  private policyDocumentValue(expr: Expr, site: Site): void {
    const form: TerraformPolicyForm = expr.t === 'template' ? 'heredoc-json' : 'jsonencode';
    const path = `${site.path}.Statement`;
    if (site.use === 'trust') {
      this.unsupported(form, { ...site, path }, expr, [
        'trust policy (who may assume the role), not permissions',
      ]);
      return;
    }
    const parsed =
      expr.t === 'template'
        ? this.heredocPolicy(expr)
        : this.objectPolicy(expr.t === 'call' ? expr.args[0] : expr);
    if ('problem' in parsed) {
      this.unsupported(form, { ...site, path }, expr, [parsed.problem]);
      return;
    }
    const problems: string[] = [];
    if (site.use === 'other')
      problems.push(
        parsed.drafts.some((d) => d.principals)
          ? 'resource-based policy (its statements name a Principal); iamtrim edits role policies'
          : `a policy document in ${site.path}, which iamtrim does not know as a role policy`,
      );
    this.finish(form, {
      site: { ...site, path },
      drafts: parsed.drafts,
      problems,
      listRange: parsed.listRange,
      indent: parsed.indent,
      anchor: expr,
    });
  }

  /** A policy document in HCL object syntax (what jsonencode() turns into JSON). */
  private objectPolicy(
    doc: Expr | undefined,
  ): { drafts: StatementDraft[]; listRange: Range; indent: number } | { problem: string } {
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

  private heredocPolicy(
    heredoc: TemplateExpr,
  ): { drafts: StatementDraft[]; listRange: Range; indent: number } | { problem: string } {
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

  // -- managed policies -------------------------------------------------------------------

  private managedList(expr: Expr, role: string, path: string, notes: readonly string[]): void {
    if (expr.t === 'tuple')
      expr.items.forEach((item, i) => this.managedArn(item, role, `${path}[${i}]`, notes));
    else
      this.unsupported('managed-policy', { role, path, use: 'identity', notes }, expr, [
        `the managed policy ARNs are a ${describeExpr(expr)} (${this.values.source(expr)})`,
      ]);
  }

  private managedArn(written: Expr, role: string, path: string, notes: readonly string[]): void {
    const expr = unwrapInterpolation(written);
    const site: Site = { role, path, use: 'identity', notes };
    const source = this.values.source(expr);
    let arn: string | undefined;
    if (expr.t === 'template' && !expr.heredoc) {
      const shape = expr.parts.map((p) => (p.t === 'lit' ? p.value : this.values.source(p))).join('');
      if (POLICY_ARN.test(shape)) arn = literalOf(expr) ?? source;
    } else if (
      expr.t === 'traversal' &&
      expr.root === 'aws_iam_policy' &&
      this.iamPolicies.has(stepName(expr, 0) ?? '')
    )
      return; // located at aws_iam_policy.x, whose note names this attachment
    else if (expr.t === 'traversal' && expr.root === 'data' && stepName(expr, 0) === 'aws_iam_policy') {
      const data = this.iamPolicyData.get(stepName(expr, 1) ?? '');
      const by = data && (attributes(data).get('arn') ?? attributes(data).get('name'));
      if (by) arn = `${source} (${by.name} = ${this.values.source(by.expr)})`;
    }
    if (arn === undefined) {
      this.unsupported('managed-policy', site, expr, [`the managed policy ARN is ${source}`]);
      return;
    }
    this.push(
      {
        file: this.file,
        format: 'terraform',
        form: 'managed-policy',
        role,
        path,
        line: this.lines.line(expr.range[0]),
        kind: 'managed-policy',
        statements: [],
        listRange: undefined,
        indent: this.lines.column(expr.range[0]),
        note: [arn, ...notes].join('; '),
      },
      expr.range[0],
    );
  }

  // -- results -----------------------------------------------------------------------------

  private finish(
    form: TerraformPolicyForm,
    found: {
      site: Site;
      drafts: readonly StatementDraft[];
      problems: readonly string[];
      listRange: Range;
      indent: number;
      anchor: { readonly range: Range };
    },
  ): void {
    const { site, drafts } = found;
    const problems = [...found.problems, ...drafts.flatMap((d) => d.problems)];
    if (site.use === 'trust') problems.unshift('trust policy (who may assume the role), not permissions');
    else if (drafts.some((d) => d.principals) && site.use === 'identity')
      problems.unshift('its statements name principals: a trust or resource-based policy, not permissions');
    if (problems.length > 0) {
      this.unsupported(form, site, found.anchor, problems);
      return;
    }
    const notes = [...site.notes, ...drafts.flatMap((d) => d.notes)];
    this.push(
      {
        file: this.file,
        format: 'terraform',
        form,
        role: site.role,
        path: site.path,
        line: this.lines.line(found.listRange[0]),
        kind: 'statements',
        statements: drafts.map((d) => d.statement),
        listRange: found.listRange,
        indent: found.indent,
        note: notes.length > 0 ? notes.join('; ') : undefined,
      },
      found.listRange[0],
    );
  }

  private unsupported(
    form: TerraformPolicyForm,
    site: Site,
    at: { readonly range: Range },
    problems: readonly string[],
  ): void {
    this.push(
      {
        file: this.file,
        format: 'terraform',
        form,
        role: site.role,
        path: site.path,
        line: this.lines.line(at.range[0]),
        kind: 'unsupported',
        statements: [],
        listRange: undefined,
        indent: this.lines.column(at.range[0]),
        note: [...problems, ...site.notes].join('; '),
      },
      at.range[0],
    );
  }

  private push(policy: TerraformLocatedPolicy, anchor: number): void {
    this.entries.push({ policy, anchor });
  }
}

/** `"${x}"`, the interpolation-only form older Terraform needed, is `x`. */
function unwrapInterpolation(e: Expr): Expr {
  if (e.t !== 'template' || e.heredoc || e.parts.length !== 1) return e;
  const only = e.parts[0];
  return only?.t === 'interp' ? only.expr : e;
}

function emptyStatement(range: Range): TemplateStatement {
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

function stepName(t: TraversalExpr, i: number): string | undefined {
  const s = t.steps[i];
  return s?.t === 'attr' ? s.name : undefined;
}

/** `root.a.b...` with the given leading names (index steps after them are allowed). */
function isNamed(t: TraversalExpr, root: string, ...names: string[]): boolean {
  return t.root === root && names.every((n, i) => stepName(t, i) === n);
}

function blockAddress(block: Block): string {
  const [first, second] = block.labels;
  if (block.type === 'resource' && first && second) return `${first}.${second}`;
  if (block.type === 'data' && first && second) return `data.${first}.${second}`;
  if (block.type === 'module' && first) return `module.${first}`;
  if (block.type === 'variable' && first) return `var.${first}`;
  if (block.type === 'locals') return 'local';
  return [block.type, ...block.labels].join('.');
}

// ---------------------------------------------------------------------------------------
// For other readers of the same file (lambda-facts/terraform-facts.ts)
// ---------------------------------------------------------------------------------------

export type { Block as HclBlock, BodyItem as HclBodyItem, Expr as HclExpr };

/** The file's top-level body; undefined when it is not valid HCL. */
export function parseHclFile(text: string): readonly BodyItem[] | undefined {
  try {
    return new HclParser(text).parseFile();
  } catch (error) {
    if (error instanceof HclSyntaxError) return undefined;
    throw error;
  }
}

/** One HCL expression as a template value (literal, or an expression resolution understands). */
export function hclTemplateValue(text: string, e: Expr): TemplateValue {
  return new ValueReader(text).value(e);
}

/** Object fields by key (`{ a = 1, "b" = 2 }`); undefined when `e` is not an object literal. */
export function hclObjectFields(e: Expr): Map<string, Expr> | undefined {
  if (e.t !== 'object') return undefined;
  const out = new Map<string, Expr>();
  for (const i of e.items) {
    const k = keyName(i.key);
    if (k !== undefined) out.set(k, i.value);
  }
  return out;
}
