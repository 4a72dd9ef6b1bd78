import { describe, expect, it } from 'vitest';
import { groupByRole } from '../../src/aws/shared-roles.js';
import type { DeployedFunction } from '../../src/model/role-functions.js';
import { rolesFormats, rolesRenderers } from '../../src/render/index.js';
import { expectGolden } from './golden.js';

const fn = (region: string, functionName: string, role: string, runtime?: string): DeployedFunction => ({
  region,
  functionName,
  functionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
  roleArn: `arn:aws:iam::123456789012:role/${role}`,
  runtime,
  packageType: 'Zip',
  lastModified: undefined,
});

// Two functions share orders-shared-role; one name carries a terminal escape from a hostile tag.
const report = {
  regions: ['eu-west-1', 'us-east-1'],
  failedRegions: [],
  roles: groupByRole([
    fn('us-east-1', 'orders-worker', 'orders-shared-role', 'nodejs20.x'),
    fn('eu-west-1', 'orders-reporter', 'orders-shared-role', 'python3.12'),
    fn('us-east-1', 'orders-api', 'orders-api-role', 'nodejs20.x'),
    fn('us-east-1', 'img\u001b[2Jresize', 'img-role'),
  ]),
};

describe('roles renderers', () => {
  it('offer table and json, in registry order', () => {
    expect(rolesFormats).toEqual(['table', 'json']);
  });

  it('draw the table as its golden file, shared roles marked and escapes made visible', () => {
    const table = rolesRenderers.table(report);
    expect(table).not.toContain('\u001b');
    expectGolden('roles-table.txt', table);
  });

  it('write json that reads back to the report', () => {
    expect(JSON.parse(rolesRenderers.json(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
