import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchArn, matchesAction } from '../../src/policy/match-statement.js';
import {
  hasVariables,
  isPattern,
  matchPattern,
  patternSubsumes,
  patternsOverlap,
} from '../../src/policy/wildcard.js';

const ACTION = true; // IAM compares action names case-insensitively
const ARN = false; // ...and ARNs case-sensitively

describe('matchPattern', () => {
  it('compares actions case-insensitively', () => {
    expect(matchPattern('s3:GetObject', 'S3:GETOBJECT', ACTION)).toBe('yes');
    expect(matchPattern('S3:get*', 's3:GetObjectAcl', ACTION)).toBe('yes');
    expect(matchPattern('s3:GetObject', 's3:GetObjectAcl', ACTION)).toBe('no');
    expect(matchesAction('DynamoDB:getitem', 'dynamodb:GetItem')).toBe(true);
    expect(matchesAction('dynamodb:Get*', 'dynamodb:PutItem')).toBe(false);
  });

  it('compares ARNs case-sensitively', () => {
    expect(matchPattern('arn:aws:s3:::Orders/*', 'arn:aws:s3:::orders/2026/a.json', ARN)).toBe('no');
    expect(matchPattern('arn:aws:s3:::orders/*', 'arn:aws:s3:::orders/2026/a.json', ARN)).toBe('yes');
    expect(matchPattern('arn:aws:s3:::orders/A.json', 'arn:aws:s3:::orders/a.json', ARN)).toBe('no');
    expect(
      matchArn(
        'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
        'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
      ),
    ).toBe('no');
    expect(
      matchArn('arn:aws:dynamodb:*:*:table/Orders', 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders'),
    ).toBe('yes');
  });

  it('lets * match any run of characters, including none and across / and :', () => {
    expect(matchPattern('*', '', ARN)).toBe('yes');
    expect(matchPattern('*', 'arn:aws:s3:::orders/a/b', ARN)).toBe('yes');
    expect(matchPattern('arn:aws:s3:::orders/*', 'arn:aws:s3:::orders/', ARN)).toBe('yes');
    expect(matchPattern('arn:aws:s3:::orders/*', 'arn:aws:s3:::orders/a/b/c', ARN)).toBe('yes');
    expect(matchPattern('arn:aws:s3:::orders/*', 'arn:aws:s3:::orders', ARN)).toBe('no');
    expect(
      matchPattern(
        'arn:aws:logs:*:123456789012:*',
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*',
        ARN,
      ),
    ).toBe('yes');
    expect(matchPattern('arn:aws:s3:::*/in/*', 'arn:aws:s3:::orders/in/x', ARN)).toBe('yes');
    expect(matchPattern('arn:aws:s3:::*/in/*', 'arn:aws:s3:::orders/out/x', ARN)).toBe('no');
  });

  it('lets ? match exactly one character', () => {
    expect(matchPattern('a?c', 'abc', ARN)).toBe('yes');
    expect(matchPattern('a?c', 'a/c', ARN)).toBe('yes');
    expect(matchPattern('a?c', 'ac', ARN)).toBe('no');
    expect(matchPattern('a?c', 'abbc', ARN)).toBe('no');
    expect(matchPattern('sqs:?endMessage', 'sqs:SendMessage', ACTION)).toBe('yes');
    expect(matchPattern('secret:db-??????', 'secret:db-AbC123', ARN)).toBe('yes');
    expect(matchPattern('secret:db-??????', 'secret:db-AbC12', ARN)).toBe('no');
  });

  it('treats every other character literally, regular-expression syntax included', () => {
    expect(matchPattern('arn:aws:s3:::my.bucket/*', 'arn:aws:s3:::myXbucket/k', ARN)).toBe('no');
    expect(matchPattern('a+b', 'aab', ARN)).toBe('no');
    expect(matchPattern('a+b', 'a+b', ARN)).toBe('yes');
    expect(matchPattern('[ab]', 'a', ARN)).toBe('no');
    expect(matchPattern('[ab]', '[ab]', ARN)).toBe('yes');
    expect(matchPattern('(x|y)', 'x', ARN)).toBe('no');
    expect(matchPattern('^a$', '^a$', ARN)).toBe('yes');
    expect(matchPattern('a\\d', 'a1', ARN)).toBe('no');
    expect(matchPattern('a\\d', 'a\\d', ARN)).toBe('yes');
    expect(matchPattern('cost$', 'cost$', ARN)).toBe('yes');
    expect(matchPattern('${unclosed', '${unclosed', ARN)).toBe('yes');
    expect(matchPattern('', '', ARN)).toBe('yes');
    expect(matchPattern('', 'a', ARN)).toBe('no');
  });

  it('gives maybe, never yes, when only a value of a policy variable could make it match', () => {
    const home = 'arn:aws:s3:::home/${aws:username}/*';
    expect(matchPattern(home, 'arn:aws:s3:::home/alice/notes.txt', ARN)).toBe('maybe');
    expect(matchPattern(home, 'arn:aws:s3:::home/alice/bob/notes.txt', ARN)).toBe('maybe');
    // The variable does not stretch the rest of the pattern.
    expect(matchPattern(home, 'arn:aws:s3:::work/alice/notes.txt', ARN)).toBe('no');
    expect(matchPattern(home, 'arn:aws:s3:::home/alice', ARN)).toBe('no');
    // Even the variable's own spelling is only a possible value.
    expect(matchPattern(home, 'arn:aws:s3:::home/${aws:username}/x', ARN)).toBe('maybe');
    // Defaults and several variables.
    expect(matchPattern("arn:aws:s3:::b/${aws:username, 'anon'}", 'arn:aws:s3:::b/anon', ARN)).toBe('maybe');
    expect(matchPattern('t/${aws:PrincipalTag/team}/${aws:username}', 't/x/y', ARN)).toBe('maybe');
    expect(matchPattern('t/${aws:PrincipalTag/team}/${aws:username}', 'u/x/y', ARN)).toBe('no');
  });

  it('reads ${*}, ${?} and ${$} as the literal characters, not as wildcards or variables', () => {
    expect(matchPattern('a${*}', 'a*', ARN)).toBe('yes');
    expect(matchPattern('a${*}', 'ab', ARN)).toBe('no');
    expect(matchPattern('a${*}', 'a', ARN)).toBe('no');
    expect(matchPattern('a${?}', 'a?', ARN)).toBe('yes');
    expect(matchPattern('a${?}', 'ab', ARN)).toBe('no');
    expect(matchPattern('cost${$}', 'cost$', ARN)).toBe('yes');
    expect(matchPattern('cost${$}', 'costs', ARN)).toBe('no');
    // ${$} followed by {…} spells a variable's text literally.
    expect(matchPattern('x/${$}{aws:username}', 'x/${aws:username}', ARN)).toBe('yes');
    expect(matchPattern('x/${$}{aws:username}', 'x/alice', ARN)).toBe('no');
    expect(hasVariables('a${*}${?}${$}')).toBe(false);
    expect(hasVariables('a/${aws:username}')).toBe(true);
  });
});

describe('isPattern', () => {
  it('tells folded evidence from a concrete resource', () => {
    expect(isPattern('arn:aws:s3:::orders/2026/*')).toBe(true);
    expect(isPattern('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????')).toBe(true);
    expect(isPattern('arn:aws:s3:::orders/2026/a.json')).toBe(false);
  });
});

describe('patternSubsumes (examples)', () => {
  it.each([
    ['s3:*', 's3:Get*', ACTION, true],
    ['s3:Get*', 's3:*', ACTION, false],
    ['S3:GET*', 's3:getObject', ACTION, true],
    ['s3:Get*', 's3:?etObject', ACTION, false],
    ['s3:?etObject', 's3:GetObject', ACTION, true],
    ['arn:aws:s3:::Orders/*', 'arn:aws:s3:::orders/x', ARN, false],
    ['arn:aws:s3:::orders/*', 'arn:aws:s3:::orders/2026/*', ARN, true],
    ['arn:aws:s3:::orders/2026/*', 'arn:aws:s3:::orders/*', ARN, false],
    ['a?', 'a*', ARN, false],
    ['a*', 'a?', ARN, true],
    ['a?', 'a${*}', ARN, true],
    ['a${*}', 'a?', ARN, false],
    ['a${*}', 'a*', ARN, false],
    ['home/*', 'home/${aws:username}/x', ARN, true],
    ['home/${aws:username}/*', 'home/${aws:username}/a', ARN, true],
    ['home/${aws:username}/*', 'home/alice/a', ARN, false],
    ['home/${aws:username}/*', 'home/${aws:userid}/a', ARN, false],
    ['home/?/*', 'home/${aws:username}/a', ARN, false],
  ] as const)('patternSubsumes(%j, %j, ignoreCase=%s) is %s', (g, s, ic, want) => {
    expect(patternSubsumes(g, s, ic)).toBe(want);
  });
});

describe('patternsOverlap (examples)', () => {
  it.each([
    ['s3:Get*', 's3:*Object', ACTION, true],
    ['s3:Get*', 's3:Put*', ACTION, false],
    ['S3:GET*', 's3:getobject', ACTION, true],
    ['a?c', 'ab*', ARN, true],
    ['a?c', 'ab', ARN, false],
    ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*', ARN, false],
    ['arn:aws:s3:::A/*', 'arn:aws:s3:::a/*', ARN, false],
    ['home/${aws:username}/x', 'home/alice/x', ARN, true],
    ['home/${aws:username}/x', 'work/alice/x', ARN, false],
    ['a${*}', 'a?', ARN, true],
    ['a${*}', 'ab', ARN, false],
  ] as const)('patternsOverlap(%j, %j, ignoreCase=%s) is %s', (a, b, ic, want) => {
    expect(patternsOverlap(a, b, ic)).toBe(want);
    expect(patternsOverlap(b, a, ic)).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------
// Properties. Patterns are built from tokens the test knows (so the test never relies on
// the tokenizer under test to know what a pattern means), over a tiny alphabet so that
// random patterns and strings meet often.

type Tok =
  | { readonly k: 'lit'; readonly c: string }
  | { readonly k: 'star' }
  | { readonly k: 'one' }
  | { readonly k: 'var'; readonly name: string };

const VARS = ['aws:username', 'aws:userid'] as const;
/** Characters of literal tokens and of concrete strings; `*` and `?` here are literal. */
const CHARS = ['a', 'b', 'B', '/', ':', '*', '?', '$'] as const;
const COMMON = ['a', 'b', '/', ':'] as const;

const charArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...COMMON) },
  { weight: 1, arbitrary: fc.constantFrom(...CHARS) },
);
const tokArb = (withVars: boolean): fc.Arbitrary<Tok> =>
  fc.oneof(
    { weight: 5, arbitrary: charArb.map((c): Tok => ({ k: 'lit', c })) },
    { weight: 2, arbitrary: fc.constant<Tok>({ k: 'star' }) },
    { weight: 1, arbitrary: fc.constant<Tok>({ k: 'one' }) },
    {
      weight: withVars ? 1 : 0,
      arbitrary: fc.constantFrom(...VARS).map((name): Tok => ({ k: 'var', name })),
    },
  );
const patternArb = (withVars = true): fc.Arbitrary<Tok[]> => fc.array(tokArb(withVars), { maxLength: 6 });
const valueArb = fc.array(charArb, { maxLength: 3 }).map((cs) => cs.join(''));
const assignmentArb = fc.record({ 'aws:username': valueArb, 'aws:userid': valueArb });
type Assignment = Record<(typeof VARS)[number], string>;

/** The IAM spelling of a token list: literal `*`/`?` need IAM's `${*}`/`${?}` escapes. */
function render(toks: readonly Tok[]): string {
  return toks
    .map((t) =>
      t.k === 'lit'
        ? t.c === '*' || t.c === '?'
          ? `\${${t.c}}`
          : t.c
        : t.k === 'star'
          ? '*'
          : t.k === 'one'
            ? '?'
            : `\${${t.name}}`,
    )
    .join('');
}

/** The pattern IAM evaluates once the request's variable values are known. */
function substitute(toks: readonly Tok[], asg: Assignment): Tok[] {
  return toks.flatMap((t): Tok[] =>
    t.k === 'var' ? [...asg[t.name as keyof Assignment]].map((c): Tok => ({ k: 'lit', c })) : [t],
  );
}

/** A random member of a variable-free pattern's language (letters re-cased when case does not matter). */
function instance(toks: readonly Tok[], gen: fc.GeneratorValue, ignoreCase: boolean): string {
  return toks
    .map((t) => {
      if (t.k === 'lit')
        return ignoreCase && gen(fc.boolean)
          ? t.c === t.c.toLowerCase()
            ? t.c.toUpperCase()
            : t.c.toLowerCase()
          : t.c;
      if (t.k === 'star') return gen(() => valueArb);
      if (t.k === 'one') return gen(() => charArb);
      throw new Error('substitute variables first');
    })
    .join('');
}

/**
 * A pattern whose language contains `value` (under `asg`, which it may extend with
 * variables it introduces): runs become `*` or a variable, characters become `?`.
 */
function abstractFrom(value: string, gen: fc.GeneratorValue, asg: Partial<Assignment>): Tok[] {
  const out: Tok[] = [];
  // Every step consumes at least one character (a run of none is followed by a literal),
  // so generation ends even when shrinking drives every choice to 0.
  let i = 0;
  const step = (consumed: number): number => {
    if (consumed > 0 || i >= value.length) return consumed;
    out.push({ k: 'lit', c: value[i] as string });
    return 1;
  };
  while (i < value.length) {
    const rest = value.length - i;
    const choice = gen(fc.integer, { min: 0, max: 9 });
    if (choice <= 1) {
      out.push({ k: 'star' });
      i += step(gen(fc.integer, { min: 0, max: rest }));
    } else if (choice === 2) {
      const name: (typeof VARS)[number] = gen(fc.constantFrom, ...VARS);
      const bound = asg[name] ?? value.slice(i, i + gen(fc.integer, { min: 0, max: rest }));
      if (!value.startsWith(bound, i)) {
        out.push({ k: 'lit', c: value[i] as string });
        i++;
        continue;
      }
      asg[name] = bound;
      out.push({ k: 'var', name });
      i += step(bound.length);
    } else {
      out.push(choice === 3 ? { k: 'one' } : { k: 'lit', c: value[i] as string });
      i++;
    }
  }
  if (gen(fc.boolean)) out.push({ k: 'star' });
  return out;
}

/** A generalization of `toks`: some tokens become `?`, some runs become `*`. */
function generalize(toks: readonly Tok[], gen: fc.GeneratorValue): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < toks.length) {
    const choice = gen(fc.integer, { min: 0, max: 5 });
    const t = toks[i] as Tok;
    if (choice === 0) {
      // A star standing for a run of tokens; for none, the token follows it.
      out.push({ k: 'star' });
      const run = gen(fc.integer, { min: 0, max: toks.length - i });
      if (run === 0) out.push(t);
      i += Math.max(run, 1);
    } else if (choice === 1 && t.k === 'lit') {
      out.push({ k: 'one' });
      i++;
    } else {
      out.push(t);
      i++;
    }
  }
  if (gen(fc.integer, { min: 0, max: 5 }) === 0) out.push({ k: 'star' });
  return out;
}

/**
 * A near miss of `toks`: right and wrong generalizations mixed (`*`↔`?`, a letter
 * re-cased, a variable renamed, a token dropped or added), so that pairs land on both
 * sides of subsumption and exercise its edge cases.
 */
function perturb(toks: readonly Tok[], gen: fc.GeneratorValue): Tok[] {
  const out: Tok[] = [];
  for (const t of toks) {
    const choice = gen(fc.integer, { min: 0, max: 11 });
    if (choice === 0) out.push({ k: 'one' });
    else if (choice === 1) out.push({ k: 'star' });
    else if (choice === 2 && t.k === 'lit') {
      const other = t.c === t.c.toLowerCase() ? t.c.toUpperCase() : t.c.toLowerCase();
      out.push({ k: 'lit', c: other });
    } else if (choice === 3 && t.k === 'var')
      out.push({ k: 'var', name: t.name === VARS[0] ? VARS[1] : VARS[0] });
    else if (choice === 4) continue;
    else if (choice === 5) out.push({ k: 'star' }, t);
    else if (choice === 6) out.push(t, { k: 'one' });
    else out.push(t);
  }
  return out;
}

const ic = fc.boolean();

describe('wildcard properties', () => {
  it('every instance of a pattern matches it (yes without variables)', () => {
    fc.assert(
      fc.property(patternArb(false), ic, fc.gen(), (p, ignoreCase, gen) => {
        expect(matchPattern(render(p), instance(p, gen, ignoreCase), ignoreCase)).toBe('yes');
      }),
    );
  });

  it('with variables, an instance under some variable values matches maybe or yes, and yes only without variables', () => {
    fc.assert(
      fc.property(patternArb(), assignmentArb, ic, fc.gen(), (p, asg, ignoreCase, gen) => {
        const x = instance(substitute(p, asg), gen, ignoreCase);
        const m = matchPattern(render(p), x, ignoreCase);
        expect(m).not.toBe('no');
        if (p.some((t) => t.k === 'var')) expect(m).toBe('maybe');
      }),
    );
  });

  it('patternSubsumes is sound: when g subsumes s, every string s matches, g matches (for every value of the variables)', () => {
    let subsumed = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(patternArb(), patternArb()),
          fc.tuple(patternArb(), fc.gen()).map(([s, gen]) => [generalize(s, gen), s] as [Tok[], Tok[]]),
          fc.tuple(patternArb(), fc.gen()).map(([s, gen]) => [perturb(s, gen), s] as [Tok[], Tok[]]),
        ),
        assignmentArb,
        ic,
        fc.gen(),
        ([g, s], asg, ignoreCase, gen) => {
          if (!patternSubsumes(render(g), render(s), ignoreCase)) return;
          subsumed++;
          const x = instance(substitute(s, asg), gen, ignoreCase);
          expect(matchPattern(render(substitute(s, asg)), x, ignoreCase)).toBe('yes');
          expect(
            matchPattern(render(substitute(g, asg)), x, ignoreCase),
            `${render(g)} ⊇ ${render(s)} ∋ ${x}`,
          ).toBe('yes');
        },
      ),
      { numRuns: 2000 },
    );
    // The property is not vacuous: a good share of the pairs were subsumptions.
    expect(subsumed).toBeGreaterThan(200);
  });

  it('patternSubsumes is exact on concrete strings: it agrees with matchPattern', () => {
    fc.assert(
      fc.property(patternArb(), fc.array(charArb, { maxLength: 6 }), ic, (g, chars, ignoreCase) => {
        const concrete = chars.map((c): Tok => ({ k: 'lit', c }));
        expect(patternSubsumes(render(g), render(concrete), ignoreCase)).toBe(
          matchPattern(render(g), chars.join(''), ignoreCase) === 'yes',
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('patternSubsumes is reflexive, and * subsumes every pattern', () => {
    fc.assert(
      fc.property(patternArb(), ic, (p, ignoreCase) => {
        expect(patternSubsumes(render(p), render(p), ignoreCase)).toBe(true);
        expect(patternSubsumes('*', render(p), ignoreCase)).toBe(true);
      }),
    );
  });

  it('patternsOverlap is never false when some string matches both patterns (random pairs)', () => {
    fc.assert(
      fc.property(patternArb(), patternArb(), assignmentArb, ic, fc.gen(), (a, b, asg, ignoreCase, gen) => {
        const x = instance(substitute(a, asg), gen, ignoreCase);
        if (matchPattern(render(substitute(b, asg)), x, ignoreCase) !== 'yes') return;
        expect(patternsOverlap(render(a), render(b), ignoreCase), `${render(a)} ∩ ${render(b)} ∋ ${x}`).toBe(
          true,
        );
        expect(patternsOverlap(render(b), render(a), ignoreCase)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('patternsOverlap is never false when some string matches both patterns (patterns abstracted from one string)', () => {
    fc.assert(
      fc.property(fc.array(charArb, { maxLength: 8 }), ic, fc.gen(), (chars, ignoreCase, gen) => {
        const x = chars.join('');
        const asg: Partial<Assignment> = {};
        const a = abstractFrom(x, gen, asg);
        const b = abstractFrom(x, gen, asg);
        const full = { 'aws:username': '', 'aws:userid': '', ...asg };
        // The construction is right: x is in both languages.
        expect(matchPattern(render(substitute(a, full)), x, ignoreCase)).toBe('yes');
        expect(matchPattern(render(substitute(b, full)), x, ignoreCase)).toBe('yes');
        expect(patternsOverlap(render(a), render(b), ignoreCase), `${render(a)} ∩ ${render(b)} ∋ ${x}`).toBe(
          true,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('what subsumes also overlaps', () => {
    fc.assert(
      fc.property(patternArb(), fc.gen(), ic, (s, gen, ignoreCase) => {
        const g = gen(fc.boolean) ? generalize(s, gen) : perturb(s, gen);
        if (patternSubsumes(render(g), render(s), ignoreCase))
          expect(patternsOverlap(render(g), render(s), ignoreCase)).toBe(true);
      }),
    );
  });
});
