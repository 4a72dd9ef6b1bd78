/**
 * How far `drift` has read one evidence source, so the next run reads only what is newer.
 * One per source the user names; stored in the drift state's commit.
 */
export type SourceCheckpoint =
  | {
      /** Local files under one `--cloudtrail` input: a file is new when its name or size is. */
      readonly kind: 'files';
      /** The input as the user gave it. */
      readonly input: string;
      /** Path relative to the input (or the input itself when it is a file) → size in bytes. */
      readonly files: Readonly<Record<string, number>>;
    }
  | {
      /** A trail bucket prefix: day folders before `doneBefore` are read; keys after it are listed. */
      readonly kind: 's3';
      readonly url: string;
      /** `YYYY-MM-DD`: every day folder before it was read completely (delivery lag allowed for). */
      readonly doneBefore: string;
      /** Keys already read in day folders from `doneBefore` on. */
      readonly keys: readonly string[];
    }
  | {
      /** LookupEvents in one region: events up to `readUntil` are read. */
      readonly kind: 'lookup-events';
      readonly region: string;
      readonly readUntil: string;
    }
  | {
      /** An Athena table: every UTC day up to and including `readThrough` is read. */
      readonly kind: 'athena';
      readonly table: string;
      readonly readThrough: string;
    };

/** The key two checkpoints of the same source share (a source is matched across runs by it). */
export function checkpointKey(c: SourceCheckpoint): string {
  switch (c.kind) {
    case 'files':
      return `files:${c.input}`;
    case 's3':
      return `s3:${c.url}`;
    case 'lookup-events':
      return `lookup-events:${c.region}`;
    case 'athena':
      return `athena:${c.table}`;
  }
}
