import { describe, expect, it } from 'vitest';
import type { DeployedFunction } from '../../src/aws/list-functions.js';
import { lambdaRegions, parseRegions } from '../../src/aws/regions.js';
import { groupByRole } from '../../src/aws/shared-roles.js';
import { UsageError } from '../../src/errors/iamtrim-error.js';

const f = (region: string, name: string, role: string): DeployedFunction => ({
  region,
  functionName: name,
  functionArn: `arn:aws:lambda:${region}:1:function:${name}`,
  roleArn: `arn:aws:iam::1:role/${role}`,
  runtime: undefined,
  packageType: undefined,
  lastModified: undefined,
});

describe('groupByRole', () => {
  it('flags a role shared by functions, across regions too', () => {
    const groups = groupByRole([
      f('us-west-2', 'b', 'shared'),
      f('eu-west-1', 'a', 'own'),
      f('us-east-1', 'c', 'shared'),
    ]);
    expect(
      groups.map((g) => [
        g.roleArn.split('/')[1],
        g.shared,
        g.functions.map((x) => `${x.region}/${x.functionName}`),
      ]),
    ).toEqual([
      ['own', false, ['eu-west-1/a']],
      ['shared', true, ['us-east-1/c', 'us-west-2/b']],
    ]);
  });

  it('nothing in, nothing out', () => {
    expect(groupByRole([])).toEqual([]);
  });
});

describe('parseRegions', () => {
  it('splits commas, trims, dedupes', () => {
    expect(parseRegions(['us-east-1, eu-west-1', 'us-east-1'])).toEqual(['us-east-1', 'eu-west-1']);
    expect(parseRegions([])).toEqual([]);
  });

  it('all is the static Lambda region list', () => {
    expect(parseRegions(['all'])).toEqual(lambdaRegions);
    expect(lambdaRegions).toContain('us-east-1');
    expect(new Set(lambdaRegions).size).toBe(lambdaRegions.length);
  });

  it('rejects typos and mixing all with names', () => {
    expect(() => parseRegions(['us-east1'])).toThrow(UsageError);
    expect(() => parseRegions(['all,us-east-1'])).toThrow('--regions all cannot be combined');
  });
});
