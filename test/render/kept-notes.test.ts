import { describe, expect, it } from 'vitest';
import { createKeptNotes } from '../../src/render/kept-notes.js';
import type { Decision } from '../../src/synthesize/decision.js';

const withSid = { source: 'p.json', index: 0, sid: 'Logs' };
const noSid = { source: 'p.json', index: 2, sid: undefined };

const decisions: Decision[] = [
  {
    kind: 'action-kept',
    statement: withSid,
    action: 'logs:PutLogEvents',
    observability: 'not-logged',
    reason: 'r',
  },
  {
    kind: 'action-kept',
    statement: noSid,
    action: 'kms:Decrypt',
    observability: 'permission-only',
    reason: 'r',
  },
  { kind: 'action-kept', statement: noSid, action: 'kms:Encrypt', observability: 'unknown', reason: 'r' },
  { kind: 'action-kept', statement: noSid, action: 's3:GetObject', observability: 'unknown', reason: 'r' },
  {
    kind: 'action-used',
    statement: noSid,
    action: 's3:GetObject',
    count: 1,
    lastSeen: '2026-01-01',
    functions: [],
  },
];

describe('createKeptNotes', () => {
  const note = createKeptNotes(decisions);

  it.each([
    ['"Logs"', 'logs:PutLogEvents', 'kept: CloudTrail never logs it'],
    ['"LogsPart2"', 'LOGS:putlogevents', 'kept: CloudTrail never logs it'],
    ['#3', 'kms:Decrypt', 'kept: checked inside other calls, no event of its own'],
    ['"Statement3Part4"', 'kms:Decrypt', 'kept: checked inside other calls, no event of its own'],
    ['#3', 'kms:*crypt', 'kept: 2 different reasons (see --format markdown)'],
  ])('%s %s → %s', (label, pattern, expected) => {
    expect(note('p.json', label, pattern)).toBe(expected);
  });

  it.each([
    ['other.json', '"Logs"', 'logs:PutLogEvents'],
    ['p.json', '"Logsx"', 'logs:PutLogEvents'],
    ['p.json', '"LogsPartx"', 'logs:PutLogEvents'],
    ['p.json', '#1', 'kms:Decrypt'],
    // Used in that statement: it has evidence, so no "kept" note.
    ['p.json', '#3', 's3:GetObject'],
    ['p.json', '"Logs"', 'logs:CreateLogStream'],
  ])('no note for %s %s %s', (source, label, pattern) => {
    expect(note(source, label, pattern)).toBeUndefined();
  });
});
