// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// Writes a .gz beside every .js, .css, .html, .svg and .json file in dist/, for the server to send as is.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
let count = 0;
let raw = 0;
let packed = 0;
function walk(dir) {
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(js|css|html|svg|json)$/.test(name)) {
            const data = readFileSync(path);
            const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
            writeFileSync(path + '.gz', gz);
            count++;
            raw += data.length;
            packed += gz.length;
        }
    }
}
walk(dist);
console.log(`precompress: ${count} files, ${raw} bytes, ${packed} gzipped`);
