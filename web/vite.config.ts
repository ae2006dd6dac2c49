// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The server is on the same origin in production; in development Vite forwards /api (and its WebSockets).
export default defineConfig({
    plugins: [vue()],
    define: {
        __VUE_I18N_FULL_INSTALL__: true,
        __VUE_I18N_LEGACY_API__: false,
        __INTLIFY_PROD_DEVTOOLS__: false,
        __INTLIFY_JIT_COMPILATION__: true,
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    },
    server: {
        proxy: {
            '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false, ws: true },
        },
    },
    build: {
        outDir: 'dist',
        emptyOutDir: true,
        // No inline assets as data: URLs in scripts or styles beyond what img-src data: allows.
        assetsInlineLimit: 0,
        target: 'es2020',
        chunkSizeWarningLimit: 400,
    },
});
