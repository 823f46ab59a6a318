// A tiny cookie-keeping HTTP client that behaves like a browser where the console cares: it keeps
// the cookies it is given (per path), sends Origin on posts, and never follows redirects, so tests
// see every 303 and Set-Cookie. Every page it gets is captured for the canary scan (test/canary).
import { startCapture } from '../canary/capture.ts';

/** One capture for all sessions of a test process, written when the process exits. */
const pages = startCapture('console-pages');

export interface Page {
  status: number;
  location: string | null;
  setCookies: string[];
  headers: Headers;
  body: string;
}

export class BrowserSession {
  private readonly jar = new Map<string, { value: string; path: string }>();

  constructor(readonly origin: string) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  private cookieHeader(path: string): string {
    return [...this.jar].filter(([, c]) => path.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  private keep(response: Response): string[] {
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (/max-age=0\b/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, { value: pair.slice(eq + 1), path });
    }
    return set;
  }

  async request(url: string, init: RequestInit = {}): Promise<Page> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    const cookies = target.origin === this.origin ? this.cookieHeader(target.pathname) : '';
    if (cookies) headers.set('cookie', cookies);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    const setCookies = target.origin === this.origin ? this.keep(response) : [];
    const page = { status: response.status, location: response.headers.get('location'), setCookies, headers: response.headers, body: await response.text() };
    const headerLines: string[] = [];
    response.headers.forEach((value, name) => headerLines.push(`${name}: ${value}\n`));
    pages.append(`${init.method ?? 'GET'} ${target.href} ${page.status}\n${headerLines.join('')}\n${page.body}\n`);
    return page;
  }

  get(url: string): Promise<Page> {
    return this.request(url);
  }

  post(url: string, form: Record<string, string>, origin: string | null = this.origin): Promise<Page> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (origin !== null) headers.origin = origin;
    return this.request(url, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  }
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1] as string;
}
