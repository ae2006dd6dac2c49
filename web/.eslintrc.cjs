// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
module.exports = {
    root: true,
    env: { browser: true, es2022: true, node: true },
    parser: 'vue-eslint-parser',
    parserOptions: { parser: '@typescript-eslint/parser', ecmaVersion: 2022, sourceType: 'module' },
    plugins: ['@typescript-eslint'],
    extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended', 'plugin:vue/vue3-recommended'],
    rules: {
        // Formatting is prettier's.
        'vue/max-attributes-per-line': 'off',
        'vue/singleline-html-element-content-newline': 'off',
        'vue/html-self-closing': 'off',
        'vue/html-indent': 'off',
        'vue/html-closing-bracket-newline': 'off',
        'vue/multiline-html-element-content-newline': 'off',
        'vue/multi-word-component-names': 'off',
        // Data is never HTML.
        'vue/no-v-html': 'error',
        'no-restricted-properties': ['error', { property: 'innerHTML' }, { property: 'outerHTML' }],
    },
    ignorePatterns: ['dist/', 'node_modules/', 'src/api/schema.d.ts'],
};
