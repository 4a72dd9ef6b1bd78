import type { SourceCheckpoint } from './source-checkpoint.js';

/** The drift state's format; a state written by a newer iamtrim is refused, never reset. */
export const DRIFT_STATE_VERSION = 1;

/**
 * One committed generation of the drift state: which stored day files make up the usage,
 * how far each source was read, and the snapshot of the run that committed it. Commits are
 * numbered; a run commits generation N+1 only if nobody else did (create-exclusive), so two
 * runs at once cannot both commit.
 */
export interface DriftCommit {
  readonly formatVersion: number;
  readonly generation: number;
  /** ISO-8601. */
  readonly committedAt: string;
  /** `YYYY-MM-DD` (UTC) → the store key of that day's `DayUsageFile`. */
  readonly days: Readonly<Record<string, string>>;
  readonly checkpoints: readonly SourceCheckpoint[];
  /** The store key of this run's `DriftSnapshot`. */
  readonly snapshot: string;
}

/**
 * One UTC day of usage: the lossless accumulator JSON (`usage/usage-accumulator-json.ts`) of
 * every event whose `eventTime` falls on that day, whichever file it came from.
 */
export interface DayUsageFile {
  readonly formatVersion: number;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** `UsageAccumulatorJson`; typed loosely here because `model/` sits below `usage/`. */
  readonly usage: unknown;
}

/** What one run saw, kept so the next run can say what changed. */
export interface DriftSnapshot {
  readonly formatVersion: number;
  /** ISO-8601 time of the run. */
  readonly runAt: string;
  /** The rolling window the run judged: its length and its first and last day (`YYYY-MM-DD`). */
  readonly window: { readonly days: number; readonly from: string; readonly to: string };
  readonly coverage: SnapshotCoverage;
  readonly roles: readonly RoleSnapshot[];
}

/** What the evidence covered in a run's window. */
export interface SnapshotCoverage {
  /** Days (`YYYY-MM-DD`) of the window with at least one record. */
  readonly daysWithLogs: readonly string[];
  /** Regions with records in the window. */
  readonly regions: readonly string[];
  /** A hash of the trails' event selectors as given (`--trail-config`, or read live); absent when unknown. */
  readonly selectorsHash?: string;
}

/** One role as a run saw it. */
export interface RoleSnapshot {
  readonly arn: string;
  /** The functions (session names) seen acting as the role in the window. */
  readonly functions: readonly string[];
  /** Hash of all policies together (canonical JSON), to tell at a glance whether anything changed. */
  readonly policiesHash: string;
  /** Every policy with its document, so the next run can tell widened from narrowed. */
  readonly policies: readonly SnapshotPolicy[];
  /** Actions used successfully in the window (sorted). */
  readonly used: readonly string[];
  /** Denied `action errorCode` keys seen in the window (sorted). */
  readonly denied: readonly string[];
  /** What `suggest` would remove today (sorted actions); absent when a coverage gap suppressed the claim. */
  readonly removable?: readonly string[];
  /** Granted actions (expanded through the catalog), used, and removable counts. */
  readonly summary: {
    readonly granted: number;
    readonly used: number;
    readonly removable: number | null;
  };
}

/** One of a role's policies in a snapshot. */
export interface SnapshotPolicy {
  readonly kind: 'inline' | 'customer-managed' | 'aws-managed' | 'boundary' | 'trust';
  /** Inline name or managed ARN. */
  readonly name: string;
  readonly hash: string;
  readonly document: unknown;
}
