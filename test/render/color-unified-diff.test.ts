import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/iac/unified-diff.js';
import { colorUnifiedDiff } from '../../src/render/color-unified-diff.js';

// eslint-disable-next-line no-control-regex
const strip = (text: string): string => text.split(/\u001b\[\d+m/).join('');

describe('colorUnifiedDiff', () => {
  const before = 'a\n-- kept\nb\n-- gone\nc\n';
  const after = 'a\n-- kept\nb\n++ new\nc\n';
  const diff = unifiedDiff('infra/t.yaml', before, after);
  const colored = colorUnifiedDiff(diff);
  const lines = colored.split('\n');

  it('colours headers bold, hunks cyan, removed lines red and added lines green', () => {
    expect(lines[0]).toBe('\u001b[1mdiff --git a/infra/t.yaml b/infra/t.yaml\u001b[0m');
    expect(lines[1]).toBe('\u001b[1m--- a/infra/t.yaml\u001b[0m');
    expect(lines[2]).toBe('\u001b[1m+++ b/infra/t.yaml\u001b[0m');
    expect(lines[3]?.startsWith('\u001b[36m@@ ')).toBe(true);
    // Inside a hunk, `--- gone` is a removed line `-- gone`, not a file header.
    expect(lines).toContain('\u001b[31m--- gone\u001b[0m');
    expect(lines).toContain('\u001b[32m+++ new\u001b[0m');
    expect(lines).toContain(' -- kept');
  });

  it('gives back the diff unchanged once the colours are stripped', () => {
    expect(strip(colored)).toBe(diff);
    expect(colorUnifiedDiff('')).toBe('');
  });
});
