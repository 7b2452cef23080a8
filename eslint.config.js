// ESLint (flat config): typescript-eslint's recommended rules, plus the layering of the
// architecture: a lib imports only libs below it, and nothing imports an app.
'use strict';
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const lib = (name) => `@techbridge/${name}`;
const forbid = (names, why) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: names, message: why }] }],
});
const APPS = ['**/apps/**'];
const USE_CASE_LIBS = ['system', 'accounts', 'catalog', 'matches', 'events', 'challenges', 'deals', 'workbench'].map(lib);
const INFRA_LIBS = ['database', 'queue', 'matching', 'notifications', 'mail'].map(lib);
const BASE_LIBS = ['platform', 'scheduling', 'text'].map(lib);

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bench/.out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['libs/**/*.ts'], rules: forbid(APPS, 'libs never import an app') },
  {
    files: ['libs/domain/**/*.ts'],
    rules: forbid([...APPS, ...USE_CASE_LIBS, ...INFRA_LIBS, ...BASE_LIBS], 'domain imports no other lib'),
  },
  {
    files: ['libs/{platform,scheduling,text}/**/*.ts'],
    rules: forbid([...APPS, ...USE_CASE_LIBS, ...INFRA_LIBS, ...BASE_LIBS.filter((l) => l !== lib('text'))], 'base libs import only domain (and text)'),
  },
  {
    files: ['libs/{database,queue,matching,notifications,mail}/**/*.ts'],
    rules: forbid([...APPS, ...USE_CASE_LIBS], 'infrastructure libs never import use-case libs'),
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'class-validator', importNames: ['MaxLength'], message: 'use MaxLength from apps/api/src/http/max-length: it counts characters as PostgreSQL does' }] },
      ],
    },
  },
  {
    // Processes that talk to a terminal on purpose.
    files: ['scripts/**/*.{ts,js}', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
