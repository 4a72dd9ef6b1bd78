import { describe, expect, it } from 'vitest';
import { renderPrBody } from '../../src/render/pr-body.js';
import type { Decision } from '../../src/synthesize/decision.js';
import { broadPrBody } from './broad-report.js';

// The CLI passes each template as given on the command line and as it should be shown
// (relative to its repository); every place the body names the file uses the shown form.
const ABSOLUTE = '/home/alice/src/platform/infra/template.yaml';
const SHOWN = 'infra/template.yaml';

describe('the PR body shows templates by their repository path', () => {
  const [changed, quiet] = broadPrBody.patched;
  const needs: Decision = {
    kind: 'action-required',
    statement: { source: `${ABSOLUTE} Resources.PlatformRole`, index: 1, sid: undefined },
    action: 'logs:CreateLogStream',
    resources: ['*'],
    reason: `Lambda writes Fn's logs to /aws/lambda/Fn [from the template, ${ABSOLUTE}:71]`,
  };
  const body = renderPrBody({
    ...broadPrBody,
    patched: [
      {
        ...changed!,
        policy: { ...changed!.policy, file: ABSOLUTE },
        decisions: [...changed!.decisions, needs],
      },
      { ...quiet!, policy: { ...quiet!.policy, file: ABSOLUTE } },
    ],
    skipped: [`${ABSOLUTE}:120 LegacyRole: found, but rewriting this form is not supported yet`],
    samChanges: [`${ABSOLUTE}:40 PlatformFunction: DynamoDBCrudPolicy replaced by DynamoDBReadPolicy`],
    removedPolicies: [`${ABSOLUTE}:18 PlatformRole: Resources.PlatformRole.Properties.Policies[1] removed`],
    templateNeeds: [`${ABSOLUTE}:12 PlatformRole: Fn (${ABSOLUTE}:71) needs logs:CreateLogStream`],
    paths: new Map([[ABSOLUTE, SHOWN]]),
  });

  it('in headings, notes and reasons, never the absolute path', () => {
    expect(body).not.toContain('alice');
    expect(body).toContain('— <code>infra/template.yaml:12</code>');
    expect(body).toContain('\\[from the template, infra/template\\.yaml:71\\]');
    expect(body).toContain('- infra/template\\.yaml:120 LegacyRole');
    expect(body).toContain('Fn \\(infra/template\\.yaml:71\\) needs');
  });
});
