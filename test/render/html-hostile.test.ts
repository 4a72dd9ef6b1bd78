import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAuditHtml } from '../../src/render/audit-html.js';
import { renderDriftHtml } from '../../src/render/drift-html.js';
import { html } from '../../src/render/html-escape.js';
import { renderSuggestHtml } from '../../src/render/suggest-html.js';
import { hostileString } from '../support/hostile-strings.js';
import { auditReportArbitrary } from './audit-report-arbitrary.js';
import { driftReportArbitrary } from './drift-report-arbitrary.js';
import {
  expectInertHtml,
  HOSTILE_NAME,
  hostileAuditReport,
  hostileDriftReport,
  hostileSuggestReport,
} from './html-hostile-reports.js';

// Role names, functions, actions, messages and file names come from logs, templates and
// policies: attacker-controlled. Every one must reach the page as text.
const ESCAPED_IMG = '&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;';

describe('hostile names in the HTML reports', () => {
  const pages: [string, () => string][] = [
    ['drift', () => renderDriftHtml(hostileDriftReport())],
    ['audit', () => renderAuditHtml(hostileAuditReport())],
    ['suggest', () => renderSuggestHtml(hostileSuggestReport())],
  ];

  it.each(pages)('%s: tags, script breaks, quotes and bidi overrides stay text', (_, render) => {
    const page = render();
    expectInertHtml(page);
    // Shown, not dropped: the entities and the visible escape of U+202E are there.
    expect(page).toContain(ESCAPED_IMG);
    expect(page).toContain('\\u202eevil&quot; onmouseover=&quot;alert(2)&#39; x=&#39;');
    expect(page).not.toContain('<img');
  });

  it('drift: generated hostile reports stay inert', () => {
    fc.assert(
      fc.property(driftReportArbitrary(hostileString), (r) => expectInertHtml(renderDriftHtml(r))),
      { numRuns: 60 },
    );
  });

  it('audit: generated hostile reports stay inert', () => {
    fc.assert(
      fc.property(auditReportArbitrary(hostileString), (r) => expectInertHtml(renderAuditHtml(r))),
      { numRuns: 60 },
    );
  });

  it('suggest: any hostile tail on every input string stays inert', () => {
    fc.assert(
      fc.property(hostileString, (tail) => expectInertHtml(renderSuggestHtml(hostileSuggestReport(tail)))),
      { numRuns: 15 },
    );
  });
});

describe('html()', () => {
  it('writes the five special characters as entities and hidden ones as visible escapes', () => {
    expect(html(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(html('a\u202eb\u200bc\nd\u001b')).toBe('a\\u202eb\\u200bc\\u000ad\\u001b');
  });

  it('never leaves a character that could end text or an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), hostileString, (a, b) => {
        expect(html(a + b + HOSTILE_NAME)).not.toMatch(/[<>"']|&(?!(?:amp|lt|gt|quot|#39);)/);
      }),
    );
  });
});
