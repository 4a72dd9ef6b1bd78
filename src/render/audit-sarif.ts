import type {
  AuditFinding,
  AuditReport,
  AuditRuleReference,
  AuditRuleSummary,
  SuppressedFinding,
} from '../model/audit-report.js';
import { FINDING_SEVERITY_SCORE, type Finding } from '../model/finding.js';
import { describeAuditSubject, packProseMarkdown } from './audit-subject.js';
import { orderEvidence, orderSubject } from './finding-json.js';
import { jsonText } from './json-text.js';
import { md } from './markdown-escape.js';
import { sarifTool, LEVEL, pascalCase, SARIF_SCHEMA, sarifLocation, type SarifOptions } from './sarif.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * The name of the audit fingerprint in `partialFingerprints`: the finding's own `fingerprint`
 * (rule and subject, not the line), so an alert survives reformatting and moved statements.
 * Not drift's name: the two hash different things.
 */
export const AUDIT_FINGERPRINT_NAME = 'iamtrimAudit/v1';

/** What an audit SARIF log says about its tool, and whether it carries suppressed findings. */
export interface AuditSarifOptions extends SarifOptions {
  /** Write suppressed findings as results with SARIF `suppressions` (default: leave them out). */
  readonly includeSuppressed?: boolean;
}

const SCANNER_NAME: Readonly<Record<AuditRuleReference['scanner'], string>> = {
  checkov: 'Checkov',
  prowler: 'Prowler',
  'security-hub': 'AWS Security Hub',
  'cfn-nag': 'cfn-nag',
  'cdk-nag': 'cdk-nag',
  cloudsplaining: 'Cloudsplaining',
};

/**
 * `audit --format sarif`: SARIF 2.1.0 that GitHub code scanning accepts. One rule per rule that
 * ran (pack order, so `ruleIndex` is stable; `help` = rationale, fix and the other scanners'
 * matching checks; `security-severity` from the pack's severity). One result per open finding,
 * located at its template file and line, or for a live finding at the relative pseudo-path of
 * its ARN (`aws/<account>/lambda/<region>/function/<name>`) with the ARN as logical location;
 * `partialFingerprints` carries the finding's fingerprint. Rules that failed and inputs not
 * read are tool notifications of the invocation. Input goes only into plain-text fields, with
 * hidden characters shown.
 *
 * Suppressed findings are left out by default, with a note saying how many: GitHub code
 * scanning ignores SARIF's `suppressions` and would open an alert for each (github/codeql-action
 * #1230). With `includeSuppressed` they are results with `suppressions` (`inSource` for a
 * template suppression with its reason as `justification`, `external` for the baseline), and
 * every open result has an empty `suppressions`, as SARIF asks (all or none), for viewers and
 * tools (advanced-security/dismiss-alerts) that honour them.
 */
export function renderAuditSarif(report: AuditReport, options: AuditSarifOptions): string {
  const withSuppressed = options.includeSuppressed === true;
  const rules: AuditRuleSummary[] = [...report.rules];
  const all = [...report.findings, ...(withSuppressed ? report.suppressed.map((s) => s.finding) : [])];
  for (const f of all)
    if (!rules.some((r) => r.id === f.rule))
      rules.push({
        id: f.rule,
        title: f.rule,
        severity: f.severity,
        rationale: f.rule,
        fix: f.message,
        references: [],
        compliant: 0,
        notApplicable: 0,
        findings: 0,
        suppressed: 0,
      });
  const index = (id: string): number => rules.findIndex((r) => r.id === id);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: sarifTool(options.version, rules.map(sarifRule)),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.errors.map((e) => ({
                level: 'error',
                message: { text: `rule ${terminalSafe(e.rule)} failed: ${terminalSafe(e.message)}` },
                ...(index(e.rule) >= 0 && { associatedRule: { id: e.rule, index: index(e.rule) } }),
              })),
              ...report.skipped.map((s) => ({
                level: 'warning',
                message: {
                  text: `not read, so not audited: ${terminalSafe(s.what)}: ${terminalSafe(s.reason)}`,
                },
              })),
              ...(!withSuppressed && report.suppressed.length > 0
                ? [
                    {
                      level: 'note',
                      message: {
                        text: `${report.suppressed.length} suppressed finding(s) left out (code scanning would open alerts for them); --format json lists them`,
                      },
                    },
                  ]
                : []),
            ],
          },
        ],
        results: [
          ...report.findings.map((f) => ({
            ...sarifResult(f, index(f.rule)),
            ...(withSuppressed && { suppressions: [] }),
          })),
          ...(withSuppressed
            ? report.suppressed.map((s) => ({
                ...sarifResult(s.finding, index(s.finding.rule)),
                suppressions: [sarifSuppression(s)],
              }))
            : []),
        ],
      },
    ],
  };
  return jsonText(log) + '\n';
}

function sarifRule(r: AuditRuleSummary): unknown {
  const refs = r.references.map((x) => `${SCANNER_NAME[x.scanner]} ${x.id}`);
  return {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale },
    help: {
      text: [
        r.rationale,
        `Fix: ${r.fix}`,
        ...(refs.length ? [`Also checked by: ${refs.join(', ')}.`] : []),
      ].join('\n\n'),
      // The pack's own text, escaped all the same: a Markdown field is rendered by GitHub.
      markdown: [
        packProseMarkdown(r.rationale),
        `**Fix:** ${packProseMarkdown(r.fix)}`,
        ...(refs.length ? [`**Also checked by:** ${refs.map(md).join(', ')}\\.`] : []),
      ].join('\n\n'),
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      'security-severity': FINDING_SEVERITY_SCORE[r.severity],
      tags: ['security', 'aws-lambda'],
    },
  };
}

function sarifResult(f: AuditFinding, ruleIndex: number): Record<string, unknown> {
  const s = f.subject;
  const about = describeAuditSubject(f);
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    // Hidden characters shown as `\u202e`: a JSON escape only lasts until the viewer parses it.
    message: { text: terminalSafe(`${about.kind} ${about.name}: ${f.message}`) },
    locations: [sarifLocation(locatable(f))],
    partialFingerprints: { [AUDIT_FINGERPRINT_NAME]: f.fingerprint },
    properties: {
      severity: f.severity,
      ...orderSubject(s),
      // Exact values (JSON escapes hide nothing), in a fixed key order.
      evidence: f.evidence.map(orderEvidence),
    },
  };
}

/**
 * The finding as sarif-location places it. A finding without a place whose subject is a log
 * group (no role) is placed at the log group's name rather than at an empty role's path.
 */
function locatable(f: AuditFinding): Finding {
  if (f.location || f.subject.role !== '' || f.subject.resource === undefined) return f;
  return { ...f, location: { kind: 'resource', arn: f.subject.resource } };
}

function sarifSuppression(s: SuppressedFinding): unknown {
  const by = s.by;
  if (by.kind === 'baseline')
    return { kind: 'external', justification: 'accepted in the iamtrim baseline (--baseline)' };
  return {
    kind: 'inSource',
    ...(by.reason !== undefined && { justification: terminalSafe(by.reason) }),
    location: sarifLocation({ ...s.finding, location: by.place }),
  };
}
