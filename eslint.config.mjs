// Flat config. Type-aware rules would double the lint time; the strict tsc run already covers types.
// The layering of the extension is enforced here, not in prose: each folder lists what it may not import.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A no-restricted-imports rule: `vscode` and/or whole folders of src/, each with its reason. */
function forbid({ vscode, folders = {} }) {
  const paths = vscode ? [{ name: 'vscode', message: vscode }] : [];
  const patterns = Object.entries(folders).map(([folder, message]) => ({ group: [`**/${folder}`, `**/${folder}/**`], message }));
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const NO_VSCODE = 'only src/ui may depend on VS Code: the core, the host layer and the simulator also run in plain Node.';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'out', '.cache', 'test-results', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: forbid({
      vscode: NO_VSCODE,
      folders: {
        host: 'the core knows no host: the host layer calls the core, not the other way round.',
        ui: 'the core knows no UI.',
        simulator: 'the core knows no simulator.',
      },
    }),
  },
  {
    files: ['src/host/**/*.ts'],
    rules: forbid({
      vscode: NO_VSCODE,
      folders: { ui: 'the host layer knows no UI.', simulator: 'the host layer must not depend on the simulated host it talks to.' },
    }),
  },
  {
    files: ['src/simulator/**/*.ts'],
    rules: forbid({ vscode: NO_VSCODE, folders: { ui: 'the simulator knows no UI.' } }),
  },
  {
    files: ['src/ui/**/*.ts'],
    rules: forbid({ folders: { simulator: 'the UI reaches a simulated host only through the host layer, like any host.' } }),
  },
  {
    files: ['webview/**/*.ts'],
    rules: forbid({
      vscode: 'the panel page runs in a browser: it talks to the extension by messages only.',
      folders: {
        host: 'the panel page runs in a browser.',
        ui: 'the panel page runs in a browser.',
        simulator: 'the panel page runs in a browser.',
      },
    }),
  },
  {
    // The build, test and demo scripts: plain Node ES modules (and the one CommonJS mocha reporter).
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
