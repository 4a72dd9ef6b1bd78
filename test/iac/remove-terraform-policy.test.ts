import { describe, expect, it } from 'vitest';
import { HclParser } from '../../src/iac/terraform/hcl-parser.js';
import { removeTerraformPolicy } from '../../src/iac/terraform/remove-terraform-policy.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';

/** `patch` does not yet rewrite statement blocks; when one is emptied, this is how it goes. */
const ROLE = `resource "aws_iam_role" "orders" {
  name = "orders-api-role"
}
`;
const DOC = `
data "aws_iam_policy_document" "archive" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::orders-archive/*"]
  }
}
`;
const ROLE_POLICY = `
resource "aws_iam_role_policy" "archive" {
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.archive.json
}
`;
const POLICY = `
resource "aws_iam_policy" "archive" {
  policy = data.aws_iam_policy_document.archive.json
}

resource "aws_iam_role_policy_attachment" "archive" {
  role       = aws_iam_role.orders.name
  policy_arn = aws_iam_policy.archive.arn
}
`;

describe('removing an emptied data "aws_iam_policy_document"', () => {
  const cases: { name: string; text: string; addresses?: string[]; blocked?: RegExp; others?: string }[] = [
    {
      name: 'goes with the role policy that reads its .json',
      text: ROLE + DOC + ROLE_POLICY,
      addresses: ['data.aws_iam_policy_document.archive', 'aws_iam_role_policy.archive'],
    },
    {
      name: 'goes with the policy that reads it and that policy’s attachment',
      text: ROLE + DOC + POLICY,
      addresses: [
        'data.aws_iam_policy_document.archive',
        'aws_iam_policy.archive',
        'aws_iam_role_policy_attachment.archive',
      ],
    },
    {
      name: 'stays when something else reads it (a trust policy), with the line',
      text: `${ROLE + DOC + ROLE_POLICY}
resource "aws_iam_role" "other" {
  assume_role_policy = data.aws_iam_policy_document.archive.json
}
`,
      blocked: /^data\.aws_iam_policy_document\.archive is still referenced at line 18$/,
    },
    {
      name: 'stays when another file of the module names what would go',
      text: ROLE + DOC + ROLE_POLICY,
      others: 'output "p" {\n  value = aws_iam_role_policy.archive.id\n}\n',
      blocked: /^aws_iam_role_policy\.archive is referenced in outputs\.tf$/,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const others = c.others ? [{ file: 'outputs.tf', text: c.others }] : [];
      const result = removeTerraformPolicy(c.text, 'data.aws_iam_policy_document.archive', others);
      if (c.blocked) {
        expect(result.kind === 'blocked' ? result.why : result).toMatch(c.blocked);
        return;
      }
      if (result.kind !== 'remove') throw new Error(result.why);
      expect(result.addresses).toEqual(c.addresses);
      const after = applyEdits(c.text, result.edits);
      expect(after).toBe(ROLE);
      expect(() => new HclParser(after).parseFile()).not.toThrow();
    });
});
