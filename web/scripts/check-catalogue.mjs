// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// Fails when the two catalogues differ in their keys, or when a t('key') / $t('key') used in src/ is missing
// from either. Keys built at run time ('status.' + s) are checked through their prefix: it must exist.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** The catalogues are TypeScript modules exporting one object literal; read them as JSON5-ish data. */
function load(file) {
    const text = readFileSync(join(src, 'i18n', file), 'utf8');
    const body = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
    return new Function('return (' + body + ');')();
}
function flatten(obj, prefix = '', out = new Set()) {
    for (const [k, v] of Object.entries(obj)) {
        const key = prefix ? prefix + '.' + k : k;
        if (v && typeof v === 'object') flatten(v, key, out);
        else out.add(key);
    }
    return out;
}
function files(dir) {
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory()
            ? files(p)
            : /\.(ts|vue)$/.test(f) && !f.endsWith('.d.ts')
              ? [p]
              : [];
    });
}

const zh = flatten(load('zh-CN.ts'));
const en = flatten(load('en.ts'));
const problems = [];
for (const k of zh) if (!en.has(k)) problems.push(`en.ts lacks ${k}`);
for (const k of en) if (!zh.has(k)) problems.push(`zh-CN.ts lacks ${k}`);

const literal = /(?:\$t|\bt)\(\s*'([^']+)'\s*[,)]/g;
const prefixed = /(?:\$t|\bt)\(\s*'([^']+\.)'\s*\+/g;
const prefixes = (set) => new Set([...set].map((k) => k.slice(0, k.lastIndexOf('.') + 1)));
const zhPrefixes = prefixes(zh);
const enPrefixes = prefixes(en);
let used = 0;
for (const file of files(src)) {
    if (file.includes(join('src', 'i18n'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(literal)) {
        used++;
        if (!zh.has(m[1])) problems.push(`${file}: '${m[1]}' missing in zh-CN.ts`);
        if (!en.has(m[1])) problems.push(`${file}: '${m[1]}' missing in en.ts`);
    }
    for (const m of text.matchAll(prefixed)) {
        used++;
        if (!zhPrefixes.has(m[1])) problems.push(`${file}: no '${m[1]}*' keys in zh-CN.ts`);
        if (!enPrefixes.has(m[1])) problems.push(`${file}: no '${m[1]}*' keys in en.ts`);
    }
}
// Headings chosen in code (shared/errors.ts) are plain strings: check every 'error.x' literal too.
for (const file of files(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(error\.[A-Za-z]+)'/g)) {
        if (!zh.has(m[1]) || !en.has(m[1])) problems.push(`${file}: '${m[1]}' missing in a catalogue`);
    }
}
for (const p of problems) console.error(p);
console.log(
    `${zh.size} keys, ${used} uses: ${problems.length ? problems.length + ' problems' : 'catalogues complete'}`,
);
process.exit(problems.length ? 1 : 0);
