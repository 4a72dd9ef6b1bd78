import { describe, expect, it } from 'vitest';
import {
  buildUsageQuery,
  SQL_DENIED_ACTION,
  SQL_DENIED_CODE,
  SQL_DENIED_MESSAGE,
  sqlString,
  type PartitionStyle,
} from '../../src/athena/build-usage-query.js';
import { UsageError } from '../../src/errors/iamtrim-error.js';
import { classifyError } from '../../src/normalize/error-class.js';
import { loadCases } from '../support/case-loader.js';

interface SqlCase {
  options: {
    table: string;
    partitionStyle?: PartitionStyle;
    since?: string;
    until?: string;
    regions?: string[];
    roles?: string[];
    functions?: string[];
  };
  contains?: string[];
  notContains?: string[];
  error?: string;
}

function build(o: SqlCase['options']): string {
  const { since, until, ...rest } = o;
  return buildUsageQuery({
    ...rest,
    ...(since ? { sinceMs: Date.parse(since) } : {}),
    ...(until ? { untilMs: Date.parse(until) } : {}),
  });
}

/** The SQL with every well-formed string literal blanked: what is left is code. */
function codeOutsideLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, '\u0000');
}

describe('buildUsageQuery cases', () => {
  for (const c of loadCases<SqlCase>('athena-sql')) {
    it(`${c.file}: ${c.description}`, () => {
      if (c.data.error) {
        expect(() => build(c.data.options)).toThrow(UsageError);
        expect(() => build(c.data.options)).toThrow(c.data.error);
        return;
      }
      const sql = build(c.data.options);
      for (const s of c.data.contains ?? []) expect(sql).toContain(s);
      for (const s of c.data.notContains ?? []) expect(sql).not.toContain(s);
      // Balanced literals: no quote is left outside one.
      expect(codeOutsideLiterals(sql)).not.toContain("'");
    });
  }
});

describe('buildUsageQuery escaping', () => {
  it('keeps an injection attempt inside its literal', () => {
    const payload = "x') OR 1=1 --";
    const sql = buildUsageQuery({ table: 'db.t', roles: [payload], functions: [payload] });
    expect(sql).toContain(sqlString(payload));
    expect(sqlString(payload)).toBe("'x'') OR 1=1 --'");
    const code = codeOutsideLiterals(sql);
    expect(code).not.toContain('OR 1=1');
    expect(code).not.toContain('--');
  });

  it('groups by every selected column but the aggregates', () => {
    const sql = buildUsageQuery({ table: 't' });
    expect(sql).toMatch(/GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13\n/);
    expect(sql).toContain('count(*) AS event_count');
    expect(sql).toContain('min(eventtime) AS first_time');
  });
});

// Athena runs these patterns in Java's dialect; they are also valid JavaScript, so the
// classification they give can be checked against the local one.
describe('SQL error classification matches classifyError', () => {
  const code = new RegExp(SQL_DENIED_CODE);
  const message = new RegExp(SQL_DENIED_MESSAGE.replace('(?i)', ''), 'i');
  const sqlClass = (c?: string, m?: string): string =>
    !c ? 'ok' : code.test(c) || (m !== undefined && message.test(m)) ? 'denied' : 'failed';
  const samples: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['AccessDenied', undefined],
    ['AccessDeniedException', 'User: x is not authorized to perform: kms:Decrypt'],
    ['Client.UnauthorizedOperation', undefined],
    ['UnauthorizedOperation', undefined],
    ['AuthorizationError', undefined],
    ['KMSAccessDeniedException', undefined],
    ['ConditionalCheckFailedException', 'The conditional request failed'],
    ['ResourceNotFoundException', undefined],
    ['ValidationException', 'User: arn:x is not authorized to perform: ssm:GetParameter on resource'],
    ['ThrottlingException', 'Rate exceeded'],
    ['Client.AccessDenied', undefined],
    ['XAccessDenied', undefined],
  ];
  for (const [c, m] of samples) {
    it(`${c ?? '(no error)'} / ${m ?? '-'}`, () => {
      expect(sqlClass(c, m)).toBe(classifyError(c, m));
    });
  }

  it('extracts the action IAM names in its message', () => {
    const m =
      'User: arn:aws:sts::1:assumed-role/r/f is not authorized to perform: kms:Decrypt on resource: k';
    expect(new RegExp(SQL_DENIED_ACTION).exec(m)?.[1]).toBe('kms:Decrypt');
  });
});
