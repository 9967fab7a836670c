// Lint: typescript-eslint's recommended rules plus Nx module boundaries (libs never import apps;
// a lib only imports libs whose scope its own tags allow). Layout is prettier's job (`npm run format`):
// eslint-config-prettier, last, turns off every rule that would argue with it.
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
const prettier = require('eslint-config-prettier/flat');

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', 'reports/**', 'artifacts/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:data', onlyDependOnLibsWithTags: ['scope:core', 'scope:data', 'scope:text'] },
            { sourceTag: 'scope:text', onlyDependOnLibsWithTags: ['scope:core', 'scope:text'] },
            { sourceTag: 'scope:eval', onlyDependOnLibsWithTags: ['scope:core', 'scope:eval'] },
            { sourceTag: 'scope:model', onlyDependOnLibsWithTags: ['scope:core', 'scope:model', 'scope:runtime'] },
            {
              sourceTag: 'scope:training',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:runtime', 'scope:eval', 'scope:data', 'scope:layout'],
            },
            { sourceTag: 'scope:report', onlyDependOnLibsWithTags: ['scope:core', 'scope:eval', 'scope:layout'] },
            { sourceTag: 'scope:layout', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:pipeline', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
