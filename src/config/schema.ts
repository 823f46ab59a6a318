// The config file's shape, declared once. Pack-specific connection keys are checked by each pack's own
// schema in load.ts; everything else is here.
import { z } from 'zod';
import { ApiKeysConfigSchema, OidcConfigSchema } from '../identity/config.ts';
import { DurationSchema, formatDuration, MAX_TIMER_MS, SizeSchema, TimerDurationSchema } from './duration.ts';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

const PrincipalConfigSchema = z
  .object({
    id: z.string().min(1).describe('Principal id recorded in audit and matched by policy'),
    name: z.string().min(1).optional().describe('Display name (defaults to the id)'),
    groups: z.array(z.string().min(1)).default([]).describe('Groups, matched by policy and approvals'),
    kind: z.enum(['human', 'agent', 'service']).default('agent'),
  })
  .strict();

export const ConnectionBaseSchema = z
  .object({
    type: z.string().min(1).describe('Backend type: postgres, ssh, kubernetes'),
    labels: z.record(z.string(), z.string()).default({}).describe('Labels policies match on, e.g. env: prod'),
    description: z.string().optional().describe('Shown to agents in the description of each tool that takes this connection'),
  })
  .loose();

export const LimitsConfigSchema = z
  .object({
    timeout: TimerDurationSchema.default(30_000).describe('Statement / command timeout'),
    maxRows: z.number().int().positive().default(1000).describe('Rows returned at most; the agent is told when rows were cut'),
    maxBytes: SizeSchema.default(1024 * 1024).describe('Bytes of result returned at most'),
  })
  .strict();

/** The time an answer needs to reach a client once the wait ends. */
/**
 * An entry of allowedHosts or allowedOrigins: a hostname, HOST:PORT or an origin (https://host:port).
 * The Host and Origin checks compare hostnames only, so each entry is kept as the hostname it names.
 */
const HostnameSchema = z.string().transform((value, ctx) => {
  try {
    const hostname = new URL(value.includes('://') ? value : `http://${value}`).hostname;
    if (hostname !== '' && !/\s/.test(value)) return hostname;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a hostname, HOST:PORT or origin (e.g. gatehouse.example.com or https://gatehouse.example.com)` });
  return z.NEVER;
});

const WAIT_MARGIN_MS = 5000;

const DEFAULT_SQLITE_STORE = './data/gatehouse.db';

// One store or the other; the output says which, so code never has to guess from a missing key.
const StoreConfigSchema = z
  .object({
    sqlite: z.string().min(1).optional().describe('SQLite file for audit, sessions and approvals (the default; one process)'),
    postgres: z
      .object({
        url: z.string().min(1).describe('Secret reference (env:NAME or file:PATH) to the postgres:// URL of the shared store'),
        poolSize: z.number().int().min(1).max(100).default(10).describe('Connections each replica keeps to the store'),
        queryTimeout: TimerDurationSchema.refine((ms) => ms >= 100, 'at least 100ms').default(30_000).describe('How long a store query may take before it fails (and the call is refused): a hung store never hangs calls'),
      })
      .strict()
      .optional()
      .describe('Shared PostgreSQL store, for several replicas'),
  })
  .strict()
  .refine((s) => s.sqlite === undefined || s.postgres === undefined, 'choose one store: sqlite or postgres, not both')
  .transform((s): { sqlite: string } | { postgres: { url: string; poolSize: number; queryTimeout: number } } => (s.postgres ? { postgres: s.postgres } : { sqlite: s.sqlite ?? DEFAULT_SQLITE_STORE }));

export const ConfigSchema = z
  .object({
    server: z
      .object({
        name: z.string().default('gatehouse'),
        http: z
          .object({
            listen: z.string().default('127.0.0.1:7070').describe('HOST:PORT the HTTP transport binds'),
            publicUrl: z.url().optional().describe('The URL clients use, when behind a proxy'),
            allowedHosts: z.array(HostnameSchema).optional().describe('Hosts accepted in the Host header besides loopback: hostnames (a port given is ignored)'),
            allowedOrigins: z.array(HostnameSchema).optional().describe('Browser origins accepted besides loopback: hostnames or origins, compared by hostname'),
            maxBodyBytes: SizeSchema.default(1024 * 1024).describe('Largest request body accepted'),
            maxConcurrentCalls: z.number().int().min(1).max(10_000).default(16).describe('Tool calls one principal may have in flight at once'),
          })
          .strict()
          .default({ listen: '127.0.0.1:7070', maxBodyBytes: 1024 * 1024, maxConcurrentCalls: 16 }),
        heapGrowthPercent: z
          .number()
          .int()
          .min(0)
          .max(1000)
          .optional()
          .describe("How far the server's heap may grow past what the last full garbage collection left alive, in percent: lower peak memory for more GC CPU; default 50; 0: V8's own sizing"),
        largeInputs: z
          .object({
            threads: z.number().int().min(0).max(64).optional().describe('Worker threads that classify large inputs off the event loop (0: none, all in place); default: one less than the CPU cores, 1 to 4'),
            minChars: z.number().int().min(1).default(4096).describe('Inputs (SQL) at least this many characters long are classified on a worker'),
            timeoutMs: z.number().int().min(1).max(MAX_TIMER_MS).default(10_000).describe('A worker taking longer is ended and the call refused'),
            maxHeapMb: z.number().int().min(16).default(512).describe("Each worker's heap, in MB; a worker past it dies and the call is refused"),
          })
          .strict()
          .default({ minChars: 4096, timeoutMs: 10_000, maxHeapMb: 512 }),
      })
      .strict()
      .default({ name: 'gatehouse', http: { listen: '127.0.0.1:7070', maxBodyBytes: 1024 * 1024, maxConcurrentCalls: 16 }, largeInputs: { minChars: 4096, timeoutMs: 10_000, maxHeapMb: 512 } }),
    identity: z
      .object({
        stdio: PrincipalConfigSchema.optional().describe('The principal every stdio call runs as'),
        http: PrincipalConfigSchema.optional().describe('The principal of loopback HTTP calls when no identity provider is configured'),
        cli: PrincipalConfigSchema.optional().describe("The single operator's principal: who the console's one-time sign-in link signs in as, and who `gatehouse audit prune` records. The CLI never decides or uses the kill switch as it: those go through the server (--server URL)"),
        oidc: OidcConfigSchema.optional().describe('OpenID Connect provider whose access tokens HTTP clients present'),
        apiKeys: ApiKeysConfigSchema.describe('Service identities: API keys by their SHA-256'),
      })
      .strict()
      .default({ apiKeys: [] }),
    store: StoreConfigSchema.default({ sqlite: DEFAULT_SQLITE_STORE }),
    connections: z
      .record(z.string().regex(NAME, 'connection names use letters, digits, _ . - (at most 63)'), ConnectionBaseSchema)
      .default({}),
    policies: z.array(z.string().min(1)).min(1).optional().describe('Policy files, in order; default: the shipped policies'),
    masking: z.unknown().optional().describe('Masking profiles (see the masking section)'),
    pseudonymKey: z.string().optional().describe('Secret reference for the pseudonym HMAC key'),
    allowWeakSecrets: z
      .array(z.string().min(1))
      .default([])
      .describe('Config paths (e.g. connections.ci.password) whose secret may be shorter than 8 characters or a common word: for test setups only; such a secret is scrubbed only where it stands as a whole word'),
    limits: LimitsConfigSchema.default({ timeout: 30_000, maxRows: 1000, maxBytes: 1024 * 1024 }),
    approvals: z
      .object({
        wait: TimerDurationSchema.default(45_000).describe('How long a call waits for a decision before returning pending; at least 5s shorter than clientTimeout'),
        clientTimeout: DurationSchema.default(60_000).describe("The request timeout of the MCP clients that call gatehouse (the MCP SDKs' default: 60s); wait must end before it, or a client gives up on a call the server still answers"),
        ttl: DurationSchema.default(900_000).describe('How long a request stays open'),
        maxOpenPerPrincipal: z.number().int().min(1).max(1000).default(5).describe('Pending requests one principal may have open at once; a call that would open another is refused (too_many_approvals)'),
        denialCoolOff: DurationSchema.default(600_000).describe('For this long after a denial, the same call by the same principal gets that denial back (who denied, and why) instead of a new request; 0 turns it off'),
        pollInterval: TimerDurationSchema.refine((ms) => ms >= 10, 'at least 10ms').default(250).describe('How often a waiting call re-reads its request; with a PostgreSQL store a notification wakes it sooner'),
        defaultApprovers: z.array(z.string().min(1)).default(['approvers']).describe('Groups that may decide when a rule names none'),
        sealKey: z
          .string()
          .regex(/^(env|file):./, 'must be a secret reference (env:NAME or file:PATH)')
          .optional()
          .describe('Secret reference to the key approval requests and grants are sealed with (HMAC-SHA256), so someone who can write the store cannot approve or grant; the same on every replica, kept off the store host. Required with store.postgres; a SQLite store without it makes one beside its file'),
        previousSealKeys: z
          .array(z.string().regex(/^(env|file):./, 'must be a secret reference (env:NAME or file:PATH)'))
          .max(8)
          .default([])
          .describe('Secret references to keys sealKey replaced: documents sealed under them still open, new ones are sealed under sealKey. Drop a key once no open request or live grant was sealed under it; what only a dropped key sealed reads as tampered'),
        consoleUrl: z.url().optional().describe('Public URL of the console, ending in /console (e.g. https://gatehouse.example.com/console): notifications link to the request page under it, CONSOLE_URL/approvals/ID'),
        notify: z
          .array(
            z
              .object({
                webhook: z.string().describe('Secret reference to the webhook URL'),
                format: z.enum(['json', 'slack']).default('json'),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .refine((a) => a.wait + WAIT_MARGIN_MS <= a.clientTimeout, {
        path: ['wait'],
        error: (issue) => {
          const a = issue.input as { wait: number; clientTimeout: number };
          return `${formatDuration(a.wait)} must end at least ${formatDuration(WAIT_MARGIN_MS)} before approvals.clientTimeout (${formatDuration(a.clientTimeout)}): a client would give up while the server still holds the call; shorten wait, or raise clientTimeout if your clients wait longer`;
        },
      })
      .default({ wait: 45_000, clientTimeout: 60_000, ttl: 900_000, maxOpenPerPrincipal: 5, denialCoolOff: 600_000, pollInterval: 250, defaultApprovers: ['approvers'], previousSealKeys: [], notify: [] }),
    killSwitch: z
      .object({
        pollInterval: TimerDurationSchema.refine((ms) => ms >= 100, 'at least 100ms').default(1000).describe('How often each replica re-reads suspended principals and ended sessions; with a PostgreSQL store a notification brings a change sooner'),
        maxStale: DurationSchema.refine((ms) => ms >= 1000, 'at least 1s').default(30_000).describe('How long a replica that cannot read the kill switch state keeps serving on the last state read; past it every call is refused until a read succeeds'),
      })
      .strict()
      .default({ pollInterval: 1000, maxStale: 30_000 }),
    console: z
      .object({
        enabled: z.boolean().default(true).describe('Serve the web console for approvers and auditors under /console'),
        sessionTtl: DurationSchema.default(8 * 3_600_000).describe('How long a console sign-in lasts'),
        auditors: z.array(z.string().min(1)).default(['auditors']).describe('Groups that may read the audit pages (approvers may too)'),
        operators: z.array(z.string().min(1)).default(['operators']).describe('Groups that may use the kill switch: suspend and resume principals, end sessions (with link sign-in, the person holding the link may too)'),
        oidc: z.object({ clientId: z.string().min(1), clientSecret: z.string().regex(/^(env|file):./, 'must be a secret reference (env:NAME or file:PATH)').optional(), scopes: z.array(z.string().min(1)).default(['openid', 'profile']) }).strict().optional().describe('Sign-in with identity.oidc (authorization code + PKCE); without it the server prints a one-time sign-in link'),
        cli: z
          .object({
            clientId: z.string().min(1).describe('OAuth client id `gatehouse login` signs people in with: a public client (no secret) allowed the device authorization grant or a loopback redirect'),
            scopes: z.array(z.string().min(1)).default(['openid', 'profile']),
          })
          .strict()
          .optional()
          .describe('Sign-in for approvers and auditors using the CLI against this server (`--server URL`), with identity.oidc; API keys of kind human work without it'),
        apiAudience: z.url().optional().describe('Audience (RFC 8707 resource) of the access tokens people present to /api; default: /api on the origin of identity.oidc.audience. Never the MCP audience: a token an agent holds for /mcp must not decide approvals'),
      })
      .strict()
      .default({ enabled: true, sessionTtl: 8 * 3_600_000, auditors: ['auditors'], operators: ['operators'] }),
    audit: z
      .object({
        retentionDays: z.number().int().min(1).max(36_500).optional().describe('Events older than this many days are pruned (`gatehouse audit prune`, and by the server daily); default: keep everything'),
        acceptUnsealedPrune: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('The last event (its sequence number) of a retention prune whose audit.pruned event is not sealed, which an operator has looked into: the server then starts on a store whose newest prune is that one. Without it, it refuses to start on any'),
        sink: z
          .object({ file: z.string().min(1).describe('JSON-lines file every audit event is appended to once durable in the store') })
          .strict()
          .optional()
          .describe('A live copy of the audit log for a SIEM shipper; the store stays the record'),
        checkpoints: z
          .object({
            key: z.string().regex(/^(env|file):./, 'must be a secret reference (env:NAME or file:PATH)').describe('Secret reference to the Ed25519 private key (PEM) that signs checkpoints; keep it off the store host (`gatehouse audit keygen`)'),
            interval: TimerDurationSchema.refine((ms) => ms >= 100, 'at least 100ms').default(300_000).describe('How often the server signs a checkpoint of the chain head (and once at shutdown)'),
            chain: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'letters, digits, _ . - (at most 63)').default('gatehouse').describe('The name checkpoints carry, to tell several servers apart'),
            files: z.array(z.string().min(1)).default([]).describe('Files each checkpoint is appended to as a JSON line (relative to the config file): put one on another volume. A server starts only on a store that still holds the chain they vouch for'),
            webhooks: z.array(z.string().min(1)).default([]).describe('Secret references to URLs each checkpoint is POSTed to as JSON; a failed one is retried at the next checkpoint'),
          })
          .strict()
          .optional()
          .describe('Signed checkpoints of the chain head, written to the live sink and to these targets; without them the chain has no anchor outside the store'),
      })
      .strict()
      .default({}),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ParsedConfig = z.output<typeof ConfigSchema>;
export type PrincipalConfig = z.output<typeof PrincipalConfigSchema>;
