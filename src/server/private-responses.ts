// Tool lists and results depend on who asks: no shared cache (a proxy, a CDN) may keep one or hand
// it to another principal. The SDK writes its own Cache-Control on event streams ("no-cache",
// which still lets a shared cache store), so the headers are set as the head is written, last.
import type { NextFunction, Request, Response } from 'express';

const PRIVATE = { 'Cache-Control': 'private, no-store', Vary: 'Authorization' } as const;

export function privateResponses(_req: Request, res: Response, next: NextFunction): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    // Headers passed to writeHead win over setHeader: drop any cache header there, then set ours.
    const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null) as Record<string, unknown> | unknown[] | undefined;
    if (headers && !Array.isArray(headers)) for (const key of Object.keys(headers)) if (/^(cache-control|vary)$/i.test(key)) delete headers[key];
    for (const [name, value] of Object.entries(PRIVATE)) res.setHeader(name, value);
    return writeHead(...args);
  }) as Response['writeHead'];
  next();
}
