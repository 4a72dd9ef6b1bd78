import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` is the README's promise of a run on the bundled example with no AWS account.
 * The people it is for often have AWS set up in their shell, and AWS_PROFILE means "use AWS"
 * to iamtrim (it then reads policies, configuration and last-accessed data live). The script
 * is run as npm runs it, under a shell with every AWS setting pointing at nothing that
 * answers: any call to AWS would fail the run.
 */
const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
  .start;
const built = existsSync('dist/cli/main.bundle.js');

describe.runIf(built)('npm start', () => {
  it('runs the example without calling AWS, whatever AWS settings the shell has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-start-'));
    writeFileSync(join(dir, 'config'), '[profile prod]\nregion = eu-west-1\n');
    writeFileSync(
      join(dir, 'credentials'),
      '[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = s\n',
    );
    const run = spawnSync('sh', ['-c', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_PROFILE: 'prod',
        AWS_REGION: 'eu-west-1',
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        // Nothing listens on the discard port: a call to AWS would fail, not hang.
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Policy fixtures\/example\/policies\/orders-api-role\.json$/m);
    expect(run.stdout).toMatch(/^\s+- dynamodb:\*$/m);
  });
});
