import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layer order of src/ (CONTRIBUTING.md, "Layers"): a folder imports only from folders to
 * its left. Folders in one inner list are peers and do not import each other. errors/ and
 * model/ may be imported from anywhere.
 */
const layers = [
  'errors',
  'model',
  'policy',
  'normalize',
  'catalog',
  'usage',
  'coverage',
  'verify',
  'diff',
  'synthesize',
  'iac',
  'athena',
  'drift',
  'audit',
  'render',
  'sdk',
  'store',
  ['sources', 'aws'],
  'actions',
  'cli',
];
const anywhere = new Set(['errors', 'model']);
/** The pure stages whose types model/ may name (type imports are erased at build). */
const typeOnlyForModel = layers.slice(layers.indexOf('policy'), layers.indexOf('synthesize') + 1);
/** How deep below src/<layer>/ a file may sit; deeper files are not checked. */
const maxDepth = 4;

/** One override per layer and depth, so that `../` counts are exact (`../../x/` from a subfolder). */
function layerRules() {
  const order = layers.map((l) => (Array.isArray(l) ? l : [l]));
  const overrides = [];
  order.forEach((group, i) => {
    for (const layer of group) {
      const later = order.slice(i + 1).flat();
      const peers = group.filter((p) => p !== layer);
      const banned = [...later, ...peers].filter((l) => !anywhere.has(l));
      const typeOk = layer === 'model' ? banned.filter((l) => typeOnlyForModel.includes(l)) : [];
      const hard = banned.filter((l) => !typeOk.includes(l));
      const message = `layer order: src/${layer}/ may not import this (see CONTRIBUTING.md, "Layers")`;
      if (!banned.length) continue;
      for (let depth = 1; depth <= maxDepth; depth++) {
        const up = `^(\\.\\./){${depth}}`;
        const patterns = [];
        if (hard.length) patterns.push({ regex: `${up}(${hard.join('|')})/`, message });
        if (typeOk.length)
          patterns.push({
            regex: `${up}(${typeOk.join('|')})/`,
            allowTypeImports: true,
            message: `${message}; model/ may name these stages' types with \`import type\` only`,
          });
        overrides.push({
          files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
          rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
        });
      }
    }
  });
  return overrides;
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/.corpus/', 'coverage/', 'native/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules(),
);
