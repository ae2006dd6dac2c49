// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
import { createRouter, createWebHistory } from 'vue-router';
import { watch } from 'vue';
import { i18n, lang } from './i18n';
import { loadSession, session, forget } from './session';
import { setUnauthorizedHandler } from './api/client';

declare module 'vue-router' {
    interface RouteMeta {
        title: string;
        public?: boolean;
    }
}

export const router = createRouter({
    history: createWebHistory(),
    routes: [
        {
            path: '/',
            name: 'search',
            component: () => import('./search/SearchPage.vue'),
            meta: { title: 'title.search' },
        },
        {
            path: '/signin',
            name: 'signin',
            component: () => import('./signin/SignIn.vue'),
            meta: { title: 'title.signin', public: true },
        },
        {
            path: '/dossiers/:caseNumber',
            name: 'dossier',
            component: () => import('./dossier/DossierPage.vue'),
            props: true,
            meta: { title: 'title.dossier' },
        },
        {
            path: '/mywork',
            name: 'mywork',
            component: () => import('./mywork/MyWork.vue'),
            meta: { title: 'title.mywork' },
        },
        {
            path: '/alerts',
            name: 'alerts',
            component: () => import('./alerts/AlertsPage.vue'),
            meta: { title: 'title.alerts' },
        },
        {
            path: '/desk',
            name: 'desk',
            component: () => import('./desk/DeskPage.vue'),
            meta: { title: 'title.desk' },
        },
        {
            path: '/:rest(.*)*',
            name: 'notfound',
            component: () => import('./shared/NotFound.vue'),
            meta: { title: 'title.notFound', public: true },
        },
    ],
});

router.beforeEach(async (to) => {
    if (!session.checked) {
        try {
            await loadSession();
        } catch {
            // the server is unreachable: the banner says so, and signing in will try again
        }
    }
    if (!to.meta.public && !session.me) return { name: 'signin', query: { next: to.fullPath } };
    if (to.name === 'signin' && session.me) return { path: '/' };
    return true;
});

function setTitle(): void {
    const key = router.currentRoute.value.meta.title;
    document.title = (key ? i18n.global.t(key) + ' · ' : '') + 'Casetrail';
}
router.afterEach(setTitle);
watch(lang, setTitle);

/** Any 401: back to the sign-in screen, keeping where the user wanted to go. */
setUnauthorizedHandler(() => {
    forget();
    const here = router.currentRoute.value;
    if (here.name !== 'signin') void router.push({ name: 'signin', query: { next: here.fullPath } });
});
