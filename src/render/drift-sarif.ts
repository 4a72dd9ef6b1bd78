import { DRIFT_FINDING_KINDS, type DriftReport } from '../model/drift-report.js';
import { DRIFT_KIND_TEXT } from './drift-kind-text.js';
import { renderSarif, type SarifOptions, type SarifRuleText } from './sarif.js';

/** One SARIF rule per drift finding kind, in `DRIFT_FINDING_KINDS` order (stable `ruleIndex`). */
export const DRIFT_SARIF_RULES: readonly SarifRuleText[] = DRIFT_FINDING_KINDS.map((kind) => ({
  id: kind,
  ...DRIFT_KIND_TEXT[kind],
}));

/**
 * `drift --format sarif`: the report's findings as SARIF 2.1.0 for GitHub code scanning (every
 * kind a rule, each finding a result that keeps its identity between runs). The summary and
 * coverage sections have no place in SARIF; the Markdown and JSON formats carry them.
 */
export function renderDriftSarif(report: DriftReport, options: SarifOptions): string {
  return renderSarif(report.findings, DRIFT_SARIF_RULES, options);
}
