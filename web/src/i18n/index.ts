// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import zhCN from './zh-CN';
import en from './en';

export type Lang = 'zh-CN' | 'en';
const KEY = 'casetrail.lang';

function initial(): Lang {
    try {
        return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
    } catch {
        return 'zh-CN';
    }
}

export const i18n = createI18n({
    legacy: false,
    locale: initial(),
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
});

export const lang = ref<Lang>(initial());

export function setLang(l: Lang): void {
    lang.value = l;
    i18n.global.locale.value = l;
    document.documentElement.lang = l;
    try {
        localStorage.setItem(KEY, l);
    } catch {
        // private mode: the choice lasts this page only
    }
}

document.documentElement.lang = lang.value;
