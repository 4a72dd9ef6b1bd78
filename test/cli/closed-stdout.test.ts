import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `iamtrim usage ... | head`: the reader goes away after a few lines. iamtrim must stop
// quietly (exit 0, nothing on stderr), not print Node's "Unhandled 'error' event" stack.
describe('a reader that closes standard output early', () => {
  it('ends quietly with exit 0', async () => {
    const child = spawn(
      process.execPath,
      [
        'bin/iamtrim.js',
        'usage',
        '--cloudtrail',
        'fixtures/example/cloudtrail',
        '--format',
        'json',
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like a `head` that has already gone: the pipe is closed before iamtrim writes.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
