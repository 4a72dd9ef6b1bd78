import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, roleSubject } from '../audit-rule.js';

/** The rule's id, which estate suppressions cannot silence (a reasonless suppression would hide itself). */
export const SUPPRESSION_WITHOUT_REASON = 'audit-suppression-without-reason';

/** A template suppression (`iamtrim: {ignore: [...]}`, `# iamtrim:ignore`) that gives no reason. */
export const suppressionWithoutReasonRule: AuditRule = {
  id: SUPPRESSION_WITHOUT_REASON,
  title: 'Suppression without a reason',
  rationale:
    'A suppression accepts a risk. Without a reason, the next reader cannot tell an informed decision from a silenced warning.',
  fix: 'Add a reason to the suppression (`reason:` in Metadata, or text after the rule id in the Terraform comment).',
  references: [],
  check(estate) {
    const out: RuleOutcome[] = [];
    const subjects = [
      ...estate.functions.map((f) => ({
        subject: functionSubject(f.id),
        suppressions: f.suppressions ?? [],
      })),
      ...estate.roles.map((r) => ({ subject: roleSubject(r.id), suppressions: r.suppressions ?? [] })),
    ];
    // One written suppression can reach several subjects (a SAM function's also covers the
    // role SAM makes for it): report it once, where it is written.
    const reported = new Set<string>();
    const placeKey = (s: { rule: string; place: unknown }): string => JSON.stringify([s.rule, s.place]);
    for (const { subject, suppressions } of subjects) {
      if (!suppressions.length) continue;
      const bare = suppressions.filter((s) => !s.reason?.trim());
      for (const s of bare.filter((b) => !reported.has(placeKey(b)) && reported.add(placeKey(b))))
        out.push({
          kind: 'finding',
          subject,
          message: `the suppression of ${s.rule} gives no reason`,
          evidence: [{ source: 'template', detail: `ignore ${s.rule} without a reason` }],
          detail: { policy: s.rule },
          location: s.place,
        });
      if (!bare.length) out.push(compliant(subject));
    }
    return out;
  },
};
