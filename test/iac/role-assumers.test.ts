import { describe, expect, it } from 'vitest';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { describeAssumer, roleAssumers, roleKind } from '../../src/iac/role-assumers.js';
import { loadCases } from '../support/case-loader.js';

/** A template and, for each role that has statements, what assumes it. */
interface AssumerCase {
  file: string;
  text: string;
  expect: {
    role: string;
    kind: 'lambda' | 'not lambda' | 'unknown';
    services: string[];
    functions?: string[];
  }[];
}

describe('roleAssumers (test/cases/iac-role-assumers)', () => {
  for (const c of loadCases<AssumerCase>('iac-role-assumers')) {
    it(`${c.file}: ${c.description}`, () => {
      const policies = locatePolicies(c.data.file, c.data.text);
      const assumers = roleAssumers([{ file: c.data.file, text: c.data.text, policies }]);
      const editable = policies.filter((p) => p.kind === 'statements');
      // Every role with statements is in the case, and every role in the case is found.
      expect([...new Set(editable.map((p) => p.role))].sort()).toEqual(
        c.data.expect.map((e) => e.role).sort(),
      );
      for (const want of c.data.expect)
        for (const p of editable.filter((e) => e.role === want.role)) {
          const got = assumers.get(p);
          expect(got, p.path).toBeDefined();
          if (!got) continue;
          expect(roleKind(got), `${p.role} ${p.path}`).toBe(want.kind);
          expect(got.services, p.role).toEqual(want.services);
          if (want.functions) expect(got.functions).toEqual(want.functions);
        }
    });
  }

  it('finds a Terraform role defined in another file of the same directory, not of another', () => {
    const role = `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
}
`;
    const policy = `resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
}
`;
    const templates = [
      { file: 'mod/iam.tf', text: role },
      { file: 'mod/policy.tf', text: policy },
      { file: 'other/policy.tf', text: policy },
    ].map((t) => ({ ...t, policies: locatePolicies(t.file, t.text) }));
    const assumers = roleAssumers(templates);
    const [same, other] = [templates[1], templates[2]].map((t) =>
      t?.policies.find((p) => p.kind === 'statements'),
    );
    expect(assumers.get(same!)?.services).toEqual(['ecs-tasks.amazonaws.com']);
    expect(roleKind(assumers.get(other!)!)).toBe('unknown');
    expect(describeAssumer(assumers.get(other!)!)).toBe('its trust policy could not be read');
  });
});
