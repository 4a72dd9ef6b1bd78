/**
 * IAM wildcard patterns: `*` matches any run of characters, `?` exactly one. Policy
 * variables (`${aws:username}`) stand for a value known only when IAM evaluates a
 * request; here they are opaque tokens, so they are never assumed to match more than
 * they do. `${*}`, `${?}` and `${$}` are IAM's escapes for the literal characters.
 */
export type Token =
  | { readonly t: 'lit'; readonly c: string }
  | { readonly t: 'star' }
  | { readonly t: 'one' }
  | { readonly t: 'var'; readonly name: string };

/** `yes`: matches whatever the variables are; `maybe`: matches for some values of them. */
export type MatchResult = 'yes' | 'maybe' | 'no';

const tokenCache = new Map<string, Token[]>();

let matcherCalls = 0;

/**
 * How many times `matchPattern`, `patternSubsumes` and `patternsOverlap` have run in this
 * process: a measure of work that does not depend on the machine's speed, so a test can
 * check that the work on a policy grows linearly with its size.
 */
export function countMatcherCalls(): number {
  return matcherCalls;
}

function tokenize(pattern: string): Token[] {
  const cached = tokenCache.get(pattern);
  if (cached) return cached;
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const name = pattern.slice(i + 2, end);
        if (name === '*' || name === '?' || name === '$') tokens.push({ t: 'lit', c: name });
        else tokens.push({ t: 'var', name });
        i = end;
        continue;
      }
    }
    if (ch === '*') tokens.push({ t: 'star' });
    else if (ch === '?') tokens.push({ t: 'one' });
    else tokens.push({ t: 'lit', c: ch });
  }
  if (tokenCache.size > 50_000) tokenCache.clear();
  tokenCache.set(pattern, tokens);
  return tokens;
}

/**
 * The literal text every string the pattern matches starts with: its characters up to the
 * first `*`, `?` or variable (`${*}` and friends count as the literal character).
 */
export function literalPrefix(pattern: string): string {
  return splitLiteral(pattern).prefix;
}

/** `literalPrefix`, and whether that prefix is the whole pattern (no wildcard, no variable). */
export function splitLiteral(pattern: string): { readonly prefix: string; readonly whole: boolean } {
  let prefix = '';
  for (const t of tokenize(pattern)) {
    if (t.t !== 'lit') return { prefix, whole: false };
    prefix += t.c;
  }
  return { prefix, whole: true };
}

export function hasVariables(pattern: string): boolean {
  return tokenize(pattern).some((t) => t.t === 'var');
}

/** What `RegExp.test` does for a compiled pattern. */
interface Tester {
  test(value: string): boolean;
}

const regexCache = new Map<string, { exact: Tester; loose: Tester | undefined }>();

// Most ARNs in a policy are literal or end in one `*`: compare text instead of compiling a
// regex (the regex's `s` flag makes `.*` match any rest, as `startsWith` does).
function compileLiteral(tokens: readonly Token[]): Tester | undefined {
  const last = tokens.length - 1;
  let text = '';
  for (let i = 0; i <= last; i++) {
    const t = tokens[i] as Token;
    if (t.t === 'lit') text += t.c;
    else if (t.t === 'star' && i === last) return { test: (v) => v.startsWith(text) };
    else return undefined;
  }
  return { test: (v) => v === text };
}

function compile(pattern: string, ignoreCase: boolean): { exact: Tester; loose: Tester | undefined } {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let compiled = regexCache.get(key);
  if (!compiled) {
    const tokens = tokenize(pattern);
    const literal = ignoreCase ? undefined : compileLiteral(tokens);
    const flags = ignoreCase ? 'is' : 's';
    const source = (varAs: string): string =>
      tokens
        .map((t) =>
          t.t === 'star'
            ? '.*'
            : t.t === 'one'
              ? '.'
              : t.t === 'var'
                ? varAs
                : t.c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
        )
        .join('');
    const hasVar = tokens.some((t) => t.t === 'var');
    compiled = literal
      ? { exact: literal, loose: undefined }
      : {
          // A variable never matches for certain: only the rest of the pattern can.
          exact: new RegExp(`^${source('(?!)')}$`, flags),
          loose: hasVar ? new RegExp(`^${source('.*')}$`, flags) : undefined,
        };
    if (regexCache.size > 50_000) regexCache.clear();
    regexCache.set(key, compiled);
  }
  return compiled;
}

/** Matches a concrete value against a pattern. */
export function matchPattern(pattern: string, value: string, ignoreCase: boolean): MatchResult {
  matcherCalls++;
  const { exact, loose } = compile(pattern, ignoreCase);
  if (exact.test(value)) return 'yes';
  return loose?.test(value) ? 'maybe' : 'no';
}

/**
 * True when some string could match both patterns. Approximate on the safe side for
 * its callers: it may say yes when the patterns cannot meet, never the reverse.
 */
export function patternsOverlap(a: string, b: string, ignoreCase: boolean): boolean {
  matcherCalls++;
  const x = tokenize(a);
  const y = tokenize(b);
  const memo = new Map<number, boolean>();
  const eq = (p: string, q: string): boolean => (ignoreCase ? p.toLowerCase() === q.toLowerCase() : p === q);
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const s = x[i];
    const t = y[j];
    let result: boolean;
    if (!s && !t) result = true;
    else if (s && (s.t === 'star' || s.t === 'var'))
      result = go(i + 1, j) || (t !== undefined && go(i, j + 1));
    else if (t && (t.t === 'star' || t.t === 'var'))
      result = go(i, j + 1) || (s !== undefined && go(i + 1, j));
    else if (!s || !t) result = false;
    else if (s.t === 'one' || t.t === 'one') result = go(i + 1, j + 1);
    else result = s.t === 'lit' && t.t === 'lit' && eq(s.c, t.c) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** True when a resource string from the evidence is a pattern (folded, `name-??????`, `prefix*`). */
export function isPattern(value: string): boolean {
  return /[*?]/.test(value);
}

/**
 * True when every string `specific` can match is also matched by `general`, variables
 * included (a variable is covered only by the same variable or a `*`). Sound: it never
 * says yes wrongly, which is what a proof of "no wider than before" needs.
 */
export function patternSubsumes(general: string, specific: string, ignoreCase: boolean): boolean {
  matcherCalls++;
  const g = tokenize(general);
  const s = tokenize(specific);
  const eq = (a: string, b: string): boolean => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  // The leading literals of `general` must meet equal literals in `specific`: what `go` below
  // would do first, step by step, done without its memo (most ARN pairs differ early).
  let k = 0;
  for (; k < g.length; k++) {
    const gt = g[k] as Token;
    if (gt.t !== 'lit') break;
    const st = s[k];
    if (st?.t !== 'lit' || !eq(gt.c, st.c)) return false;
  }
  if (k === g.length) return k === s.length;
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let result: boolean;
    const gt = g[i];
    const st = s[j];
    if (!gt) result = !st;
    else if (gt.t === 'star') result = go(i + 1, j) || (st !== undefined && go(i, j + 1));
    else if (!st) result = false;
    else if (gt.t === 'one') result = (st.t === 'lit' || st.t === 'one') && go(i + 1, j + 1);
    else if (gt.t === 'lit') result = st.t === 'lit' && eq(gt.c, st.c) && go(i + 1, j + 1);
    else result = st.t === 'var' && st.name === gt.name && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(k, k);
}
