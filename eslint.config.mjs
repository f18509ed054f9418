// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Forbids files matching `files` to import the listed top-level modules of src/. */
function boundary(files, modules, why) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${modules.join('|')})(/|$)`,
              message: `Module boundary: ${why} (see docs/architecture.md).`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'eslint.config.mjs', 'jest.config.js'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Module boundaries (docs/architecture.md): clients and infrastructure know no domain module; the catalog does not
  // know who asks it.
  boundary(
    ['src/woocommerce/**', 'src/support-board/**', 'src/whatsapp/**'],
    ['catalog', 'sync', 'assistant', 'conversation', 'webhook', 'pause', 'admin', 'jobs'],
    'API clients only do I/O for one external system',
  ),
  boundary(
    ['src/catalog/**'],
    ['conversation', 'webhook', 'assistant', 'admin'],
    'the catalog does not know its callers',
  ),
  boundary(
    ['src/config/**', 'src/common/**', 'src/jobs/**'],
    [
      'catalog',
      'sync',
      'assistant',
      'conversation',
      'webhook',
      'pause',
      'admin',
      'woocommerce',
      'support-board',
      'whatsapp',
    ],
    'infrastructure imports no domain module',
  ),
  boundary(
    ['src/pause/**'],
    ['conversation', 'webhook', 'assistant', 'admin'],
    'pauses are read by the pipeline, not the reverse',
  ),
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
