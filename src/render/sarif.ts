import { createHash } from 'node:crypto';
import { FINDING_SEVERITY_SCORE, type Finding, type FindingSeverity } from '../model/finding.js';
import { orderEvidence, orderSubject } from './finding-json.js';
import { jsonText } from './json-text.js';
import { terminalSafe } from './terminal-safe.js';

/** What SARIF says about one rule (a drift finding kind, or an audit rule). */
export interface SarifRuleText {
  /** The rule id, as findings carry it in `rule`. */
  readonly id: string;
  /** A short name (rule `name` and `shortDescription`). */
  readonly title: string;
  /** What a finding of it means (`fullDescription`). */
  readonly description: string;
  /** What to do about it (`help`). */
  readonly fix: string;
  /** The severity its findings usually have (`defaultConfiguration.level`, `security-severity`). */
  readonly severity: FindingSeverity;
}

/** What a SARIF log says about its tool. */
export interface SarifOptions {
  /** iamtrim's version (`tool.driver.version`), passed in so that renderers stay pure. */
  readonly version: string;
}

/** The project page, SARIF's `informationUri`. */
export const IAMTRIM_INFORMATION_URI = 'https://github.com/iamtrim/iamtrim';

/** The name of the fingerprint that keeps a finding's identity between runs. */
export const FINGERPRINT_NAME = 'iamtrimFinding/v1';

/** The `$schema` of every SARIF log iamtrim writes. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF levels by severity: what GitHub shows as error, warning and note. */
export const LEVEL: Readonly<Record<FindingSeverity, 'error' | 'warning' | 'note'>> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/**
 * Findings as a SARIF 2.1.0 log with one run, written so that GitHub code scanning accepts it:
 * one rule per entry of `rules` (in that order, so `ruleIndex` is stable), plus one for any
 * rule a finding names that `rules` lacks; each result with a level from its severity, a
 * location GitHub can place, a `partialFingerprints` entry that stays the same between runs
 * while role, rule, function and action do, and its evidence in `properties`. Shared by every
 * command that writes SARIF; the caller supplies the rule texts. SARIF's `text` fields are
 * plain text, so input goes only there (never into a `markdown` field), with hidden characters
 * shown; the data in `properties` keeps exact values.
 */
export function renderSarif(
  findings: readonly Finding[],
  rules: readonly SarifRuleText[],
  options: SarifOptions,
): string {
  const all = [...rules];
  for (const f of findings)
    if (!all.some((r) => r.id === f.rule))
      all.push({ id: f.rule, title: f.rule, description: f.rule, fix: f.message, severity: f.severity });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: sarifTool(options.version, all.map(sarifRule)),
        results: findings.map((f) => sarifResult(f, all)),
      },
    ],
  };
  return jsonText(log) + '\n';
}

/** The run's `tool`: iamtrim, its version, and the rules its results point at by index. */
export function sarifTool(version: string, rules: readonly unknown[]): unknown {
  return { driver: { name: 'iamtrim', version, informationUri: IAMTRIM_INFORMATION_URI, rules } };
}

function sarifRule(r: SarifRuleText): unknown {
  return {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: r.fix, markdown: `**${r.title}.** ${r.fix}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { 'security-severity': FINDING_SEVERITY_SCORE[r.severity], tags: ['security'] },
  };
}

function sarifResult(f: Finding, rules: readonly SarifRuleText[]): unknown {
  const s = f.subject;
  return {
    ruleId: f.rule,
    ruleIndex: rules.findIndex((r) => r.id === f.rule),
    level: LEVEL[f.severity],
    // Hidden characters shown as `\u202e`: a JSON escape only lasts until the viewer parses it.
    message: { text: terminalSafe(f.message) },
    locations: [sarifLocation(f)],
    partialFingerprints: { [FINGERPRINT_NAME]: findingFingerprint(f) },
    properties: {
      severity: f.severity,
      ...orderSubject(s),
      // Exact values (JSON escapes hide nothing), in a fixed key order.
      evidence: f.evidence.map(orderEvidence),
    },
  };
}

/**
 * A finding's identity between runs: a hash of its role, rule, function and action, and of
 * nothing that changes from run to run (counts, times, message). Two findings that differ only
 * in those are the same alert to GitHub, which updates it instead of opening a new one.
 */
export function findingFingerprint(f: Finding): string {
  const key = JSON.stringify([f.subject.role, f.rule, f.subject.function ?? '', f.subject.action ?? '']);
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Where GitHub shows a result. It rejects a result without a physical location, and an
 * absolute URI whose scheme is not the checkout's (`file`), so a finding about a live AWS
 * resource gets a relative pseudo-path built from its ARN (`aws/<account>/iam/role/<name>`),
 * beside a logical location with the full ARN. A file finding points at its file and line.
 */
export function sarifLocation(f: Finding): unknown {
  const loc = f.location;
  if (loc?.kind === 'file') {
    return {
      physicalLocation: {
        artifactLocation: { uri: fileUri(loc.file) },
        ...(loc.line !== undefined && {
          region: { startLine: loc.line, ...(loc.column !== undefined && { startColumn: loc.column }) },
        }),
      },
    };
  }
  const arn = loc?.kind === 'resource' ? loc.arn : f.subject.role;
  return {
    physicalLocation: { artifactLocation: { uri: arnUri(arn) } },
    logicalLocations: [{ fullyQualifiedName: arn, kind: 'resource' }],
  };
}

/** A path as the user gave it, as a URI reference: `/` separators, each segment percent-encoded. */
export function fileUri(file: string): string {
  const segments = file.replace(/\\/g, '/').split('/').map(encodeSegment).join('/');
  return file.startsWith('/') ? `file://${segments}` : segments;
}

/**
 * `arn:aws:iam::123:role/path/name` → `aws/123/iam/role/path/name`; a regional resource keeps
 * its region (`aws/123/lambda/eu-west-1/function/f`); text that is no ARN (a bare role name)
 * → `aws/iam/role/<name>`. Each segment is percent-encoded, so no input makes the URI absolute
 * or climbs out of `aws/` (`..` is encoded too).
 */
export function arnUri(arn: string): string {
  const m = /^arn:[^:]*:([^:]*):([^:]*):([^:]*):(.*)$/s.exec(arn);
  const parts = m
    ? [m[3] || 'global', m[1]!, ...(m[2] ? [m[2]] : []), ...m[4]!.split(/[/:]/)]
    : ['iam', 'role', arn];
  return ['aws', ...parts.map(segment)].join('/');
}

function segment(text: string): string {
  // `.` and `..` would be resolved away by a URI reader, climbing out of `aws/`.
  return text === '' ? '_' : text === '.' || text === '..' ? text.replace(/\./g, '%2E') : encodeSegment(text);
}

/** `grant-became-unused` → `GrantBecameUnused`, the rule `name` SARIF viewers show. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * `encodeURIComponent`, which throws on a lone surrogate (`\ud800`): input text may hold one,
 * and a renderer must not crash on it, so it is encoded as U+FFFD, the replacement character.
 */
function encodeSegment(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}
