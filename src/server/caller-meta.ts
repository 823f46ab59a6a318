// Who called, per request: the client's name and version, the protocol revision and the W3C trace
// context. On the 2026-07-28 protocol they come in each request's `_meta` (the client info and the
// revision in the envelope the SDK lifts out, `traceparent` beside it); on older ones the client
// info comes from `initialize`. All of it is agent-chosen text, so it is checked here before it
// names a session or reaches a record: hidden characters are written as escapes, lengths are
// capped, and a traceparent that is not exactly the W3C form is not recorded as a trace. A request
// that names no client at all is named by its User-Agent, shown as only a hint.
import { CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY, TRACEPARENT_META_KEY } from '@modelcontextprotocol/server';
import { scanLine } from '../render/characters.ts';

const MAX_NAME = 80;
const MAX_VERSION = 40;
const PROTOCOL_VERSION = /^\d{4}-\d{2}-\d{2}$/;
/** W3C Trace Context, version 00: lowercase hex, neither id all zeros. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ALL_ZEROS = /^0+$/;

export interface CallerMeta {
  /** "name/version", neutralized; "unknown" when the request names no client (with its User-Agent, if any). */
  client: string;
  protocolVersion?: string;
  traceparent?: string;
  traceId?: string;
  /** The client's name or version held hidden characters, now written as escapes. */
  clientEscaped: boolean;
  /** What was dropped or rewritten, for the record: never the offending value itself. */
  problems: string[];
}

export interface CallerSources {
  /** The lifted `io.modelcontextprotocol/*` keys of a 2026 request. */
  envelope?: Record<string, unknown> | undefined;
  /** The request's remaining `_meta`. */
  meta?: Record<string, unknown> | undefined;
  /** From `initialize`, on connections that had one. */
  initialized?: { name?: unknown; version?: unknown } | undefined;
  negotiatedVersion?: string | undefined;
  /** The HTTP request's User-Agent header. */
  userAgent?: string | undefined;
}

export function readCallerMeta(sources: CallerSources): CallerMeta {
  const problems: string[] = [];
  const info = (sources.envelope?.[CLIENT_INFO_META_KEY] ?? sources.initialized) as { name?: unknown; version?: unknown } | undefined;
  const name = label(info?.name, MAX_NAME, 'client name', problems);
  const version = label(info?.version, MAX_VERSION, 'client version', problems);
  const hint = name.text ? undefined : label(sources.userAgent, MAX_NAME, 'user agent', problems);
  const unknown = hint?.text ? `unknown (User-Agent: ${hint.text})` : 'unknown';
  const client = name.text ? `${name.text}${version.text ? `/${version.text}` : ''}` : unknown;
  const out: CallerMeta = { client, clientEscaped: name.escaped || version.escaped || (hint?.escaped ?? false), problems };

  const claimed = sources.envelope?.[PROTOCOL_VERSION_META_KEY] ?? sources.negotiatedVersion;
  if (typeof claimed === 'string' && PROTOCOL_VERSION.test(claimed)) out.protocolVersion = claimed;
  else if (claimed !== undefined) problems.push('protocol version is not a YYYY-MM-DD revision; not recorded');

  const traceparent = sources.meta?.[TRACEPARENT_META_KEY];
  if (traceparent !== undefined) {
    const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
    if (match && !ALL_ZEROS.test(match[1] as string) && !ALL_ZEROS.test(match[2] as string)) {
      out.traceparent = traceparent as string;
      out.traceId = match[1] as string;
    } else {
      problems.push('traceparent is not a W3C version-00 traceparent; ignored');
    }
  }
  return out;
}

/** A printable, capped label: hidden characters become their escapes (\u202e), so none reaches a record raw. */
function label(value: unknown, max: number, what: string, problems: string[]): { text?: string; escaped: boolean } {
  if (value === undefined || value === null || value === '') return { escaped: false };
  if (typeof value !== 'string') {
    problems.push(`${what} is not a string; not recorded`);
    return { escaped: false };
  }
  const pieces = scanLine(value.slice(0, max * 2));
  const shown = pieces.map((p) => ('text' in p ? p.text : 'escape' in p ? p.escape : ' ')).join('');
  const escaped = pieces.some((p) => !('text' in p));
  if (escaped) problems.push(`${what} held hidden characters; recorded with them escaped`);
  if ([...shown].length <= max && value.length <= max * 2) return { text: shown, escaped };
  problems.push(`${what} longer than ${max} characters; cut`);
  return { text: `${[...shown].slice(0, max).join('')}…`, escaped };
}
