import type { InputCoverage } from '../coverage/input-coverage.js';
import type { RequiredPermission } from '../model/required-permission.js';
import type { TightenResult } from '../synthesize/tighten-policy.js';
import type { ActionReport, DeniedReport } from '../usage/usage-report.js';
import type { VerifyReport } from '../verify/verify-tightening.js';

/** Everything the human-facing `suggest` renderers show. */
export interface SuggestReport {
  readonly role: string;
  readonly functions: readonly string[];
  readonly coverage: InputCoverage;
  /** Where the evidence came from (paths, or the usage file). */
  readonly sources: readonly string[];
  readonly results: readonly TightenResult[];
  readonly used: readonly ActionReport[];
  readonly denied: readonly DeniedReport[];
  readonly verify: VerifyReport;
  /** True when no policy was given and one was written from usage. */
  readonly fresh: boolean;
  /** What Lambda needs through the role that none of the given policies grants. */
  readonly requiredNotGranted: readonly RequiredPermission[];
}
