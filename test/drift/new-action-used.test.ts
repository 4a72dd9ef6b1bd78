import { describe, expect, it } from 'vitest';
import { findNewActions } from '../../src/drift/new-action-used.js';
import type { ActionReport, PrincipalReport } from '../../src/usage/usage-report.js';
import { smallCatalog } from '../support/small-catalog.js';

const ROLE = 'arn:aws:iam::123456789012:role/orders-role';
const action = (resources: string[], extra: Partial<ActionReport> = {}): ActionReport => ({
  action: 's3:GetObject',
  count: 3,
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-02T00:00:00.000Z',
  resources,
  functions: ['orders-api'],
  ...extra,
});
const principal = (a: ActionReport): PrincipalReport => ({
  arn: ROLE,
  type: 'role',
  functions: ['orders-api'],
  actions: [a],
  denied: [],
});

describe('findNewActions on folded resources', () => {
  it('does not call a folded pattern new when it covers resources seen before', () => {
    const before = principal(action(['arn:aws:s3:::b/2026/a.json', 'arn:aws:s3:::b/2026/b.json']));
    const after = principal(action(['arn:aws:s3:::b/2026/*'], { count: 5, resourcesFolded: true }));
    expect(findNewActions(ROLE, before, after, smallCatalog())).toEqual([]);
  });

  it('reports a resource outside the patterns seen before', () => {
    const before = principal(action(['arn:aws:s3:::b/2026/*'], { resourcesFolded: true }));
    const after = principal(action(['arn:aws:s3:::b/2026/*', 'arn:aws:s3:::other/x'], { count: 5 }));
    const found = findNewActions(ROLE, before, after, smallCatalog());
    expect(found.map((f) => [f.subject.action, f.subject.resource, f.evidence[0]?.count])).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::other/x', 2],
    ]);
  });
});
