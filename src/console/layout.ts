// The page shell every console page shares: head (stylesheet and script as files, so the
// Content-Security-Policy can forbid inline code), the top bar with navigation and sign-out, and
// the one-time flash message.
import type { ConsoleContext } from './guard.ts';
import { html, type SafeHtml } from '../render/html.ts';
import type { Flash } from './sessions.ts';

export interface PageInput {
  title: string;
  ctx?: ConsoleContext | undefined;
  active?: 'approvals' | 'audit' | 'kill-switch';
  flash?: Flash | undefined;
  body: SafeHtml;
  /** For the page after an OIDC callback: a same-site navigation, so the Strict cookie is sent. */
  refreshTo?: string;
}

export function page(input: PageInput): string {
  const { ctx } = input;
  const nav = ctx
    ? html`<nav>
        ${ctx.roles.approver && html`<a href="/console" class="${input.active === 'approvals' ? 'active' : ''}">Approvals</a>`}
        ${ctx.roles.reader && html`<a href="/console/audit" class="${input.active === 'audit' ? 'active' : ''}">Audit</a>`}
        ${ctx.roles.operator && html`<a href="/console/kill-switch" class="${input.active === 'kill-switch' ? 'active' : ''}">Kill switch</a>`}
      </nav>
      <div class="who">
        <span title="${ctx.session.principal.groups.join(', ')}">${ctx.session.principal.name}</span>
        <span class="groups">${ctx.session.principal.groups.join(', ') || 'no groups'}</span>
        <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="${ctx.session.csrf}"><button type="submit" class="link">Sign out</button></form>
      </div>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${input.refreshTo !== undefined && html`<meta http-equiv="refresh" content="0; url=${input.refreshTo}">`}
<title>${input.title} · gatehouse</title>
<link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="/console">gatehouse</a>${nav}</header>
<main>
${input.flash && html`<p class="flash ${input.flash.kind}" role="status">${input.flash.text}</p>`}
${input.body}
</main>
</body>
</html>
`.text;
}

/** A page with one heading and one sentence: refusals, sign-in states. */
export function messagePage(title: string, message: string, ctx?: ConsoleContext, extra?: SafeHtml): string {
  return page({ title, ctx, body: html`<h1>${title}</h1><p class="message">${message}</p>${extra}` });
}
