/**
 * A small parser for HCL native syntax that keeps the offset of every node (there is no
 * HCL library in the dependency tree).
 */
import {
  literalOf,
  type BodyItem,
  type Expr,
  type ObjectItem,
  type Range,
  type Step,
  type TemplateExpr,
  type TemplatePart,
} from './hcl-syntax.js';

export class HclSyntaxError extends Error {
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
/**
 * How deep expressions and blocks may nest. Real configurations stay far below it; a file
 * nested 1,000 deep would otherwise exhaust the stack of this recursive parser.
 */
export const MAX_HCL_NESTING = 100;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * A scannerless recursive-descent parser for HCL native syntax. `nl` says whether
 * newlines are insignificant where an expression is being read: they end an attribute
 * or an object item, but not inside parentheses, brackets, or an interpolation.
 */
export class HclParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parseFile(): BodyItem[] {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    return this.parseBody(false);
  }

  private fail(message: string, at = this.pos): never {
    throw new HclSyntaxError(message, at);
  }

  /** Runs one level of nesting, failing past MAX_HCL_NESTING instead of overflowing the stack. */
  private nested<T>(read: () => T): T {
    if (this.depth >= MAX_HCL_NESTING)
      this.fail(`expressions or blocks nested more than ${MAX_HCL_NESTING} deep (iamtrim's limit)`);
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
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
      const body = this.nested(() => this.parseBody(true));
      this.pos++;
      items.push({ t: 'block', type: name, labels, body, range: [start, this.pos] });
    }
  }

  private parseExpr(nl: boolean): Expr {
    return this.nested(() => this.parseConditional(nl));
  }

  private parseConditional(nl: boolean): Expr {
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
      const operand = this.nested(() => this.parseUnary(nl));
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

/** The file's top-level body; undefined when it is not valid HCL. */
export function parseHclFile(text: string): readonly BodyItem[] | undefined {
  try {
    return new HclParser(text).parseFile();
  } catch (error) {
    if (error instanceof HclSyntaxError) return undefined;
    throw error;
  }
}
