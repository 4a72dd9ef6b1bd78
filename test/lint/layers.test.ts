import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer order lives in eslint.config.js; these cases prove `npm run lint` enforces it.
const eslint = new ESLint();
const rule = '@typescript-eslint/no-restricted-imports';

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

const value = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
const typeOnly = (from: string) => `import type { X } from '${from}';\nexport type Y = X;\n`;

describe('layer order', () => {
  it.each([
    ['a stage importing a renderer', 'src/catalog/x.ts', value('../render/suggest-markdown.js')],
    ['a stage importing a later stage', 'src/catalog/x.ts', value('../synthesize/role-evidence.js')],
    [
      'core importing the CLI from a subfolder',
      'src/iac/lambda-facts/x.ts',
      value('../../cli/write-output.js'),
    ],
    ['a source importing its peer aws/', 'src/sources/x.ts', value('../aws/stack-resources.js')],
    ['core importing store/ (I/O)', 'src/render/x.ts', value('../store/atomic-write.js')],
    ['model/ importing a stage value', 'src/model/x.ts', value('../synthesize/suggest.js')],
    ['model/ naming a renderer type', 'src/model/x.ts', typeOnly('../render/pr-body.js')],
    ['a re-export that runs back up', 'src/policy/x.ts', "export { x } from '../diff/policy-diff.js';\n"],
  ])('rejects %s', async (_name, file, code) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`src/${file.split('/')[1]}/ may not import`);
  });

  it.each([
    ['an earlier stage', 'src/synthesize/x.ts', value('../policy/parse-policy.js')],
    ['model/ from a stage', 'src/catalog/x.ts', value('../model/stack-resource.js')],
    ['errors/ from a stage', 'src/policy/x.ts', value('../errors/iamtrim-error.js')],
    ['its own folder', 'src/render/x.ts', value('./markdown-escape.js')],
    ['its own subfolder going up one', 'src/iac/lambda-facts/x.ts', value('../resolve-expression.js')],
    ['model/ naming a stage type', 'src/model/x.ts', typeOnly('../synthesize/tighten-policy.js')],
    ['store/ from a source', 'src/sources/x.ts', value('../store/atomic-write.js')],
    ['anything from the CLI', 'src/cli/x.ts', value('../render/pr-body.js')],
  ])('allows %s', async (_name, file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });

  it('places every folder of src/ in the order', async () => {
    const folders = readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.length).toBeGreaterThan(10);
    for (const { name } of folders) {
      // cli/ is last, so it has nothing to forbid; every other folder has a restriction.
      if (name === 'cli') continue;
      const config = (await eslint.calculateConfigForFile(`src/${name}/x.ts`)) as { rules?: object };
      expect(Object.keys(config.rules ?? {}), name).toContain(rule);
    }
  });
});
