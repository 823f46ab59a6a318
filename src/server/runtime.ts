// Assembles a running gatehouse from a loaded config: validate and compile everything first
// (policies, masking profiles), then open the store and build the pipeline. Nothing connects to a
// backend here: packs connect lazily on the first call.
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.ts';
import { isWeakSecret } from '../config/weak-secrets.ts';
import type { Principal } from '../identity/principal.ts';
import { createApprovals, type Approvals } from '../approval/service.ts';
import { createNotifier } from '../approval/notify.ts';
import { createSecretAlerter } from '../approval/secret-alert.ts';
import { APPROVAL_STATUS_TOOL } from '../approval/status.ts';
import { createRecorder, type Recorder } from '../audit/recorder.ts';
import { holdStoreToCheckpoints } from '../audit/checkpoint-start.ts';
import { scheduleCheckpoints } from '../audit/checkpointer.ts';
import { createChainVoucher } from '../audit/voucher.ts';
import { scheduleRetention, type RetentionTiming } from '../audit/retention.ts';
import { openAuditSink } from '../audit/sink.ts';
import { startKillSwitch, type KillSwitch } from '../kill-switch/state.ts';
import { createMasker, type Masker } from '../masking/index.ts';
import { loadPolicyFiles, type Policy } from '../policy/compile.ts';
import { createPipeline, type Pipeline, type Rules } from '../pipeline/pipeline.ts';
import { createRegistry, type Registry } from '../pipeline/registry.ts';
import { createScrubber, type Scrubber } from '../pipeline/scrub.ts';
import { createSecretFinder, type SecretFinder } from '../pipeline/secret-arguments.ts';
import { createSessionTracker, type SessionTracker } from '../pipeline/session.ts';
import type { Limits, ToolPack } from '../pipeline/toolpack.ts';
import { describeStore, openStore } from '../store/open.ts';
import type { Store, UnsealedPrune } from '../store/store.ts';
import { tamperReporter } from '../store/tamper-report.ts';
import { approvalStatusTool } from './approval-status.ts';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './limiter.ts';
import { largeInputSettings } from './large-inputs.ts';
import { createLogger, type LogSink } from './logger.ts';
import { createTaskBook, type TaskBook } from './tasks.ts';
import { createToolList, type ToolList } from './tool-list.ts';

export interface Runtime {
  config: LoadedConfig;
  registry: Registry;
  /** The running policy: replaced by a reload (`applyRules`). */
  readonly policy: Policy;
  /** Puts a reloaded policy and masking profiles in place, for calls that start from now on. */
  applyRules(rules: Rules): void;
  /** Adds the secret values of a reloaded config to those scrubbed from all outbound text and refused in arguments. */
  learnSecrets(config: LoadedConfig): void;
  /** The recorder every event goes through (operator actions and reloads too). */
  record: Recorder;
  /** What tools/list shows each principal, from the running registry and policy. */
  tools: ToolList;
  store: Store;
  pipeline: Pipeline;
  approvals: Approvals;
  /** Calls held for review as MCP tasks, shared by every connection of this process. */
  tasks: TaskBook;
  /** Suspended principals and ended sessions; stops their calls in flight. */
  killSwitch: KillSwitch;
  limiter: ConcurrencyLimiter;
  sessions: SessionTracker;
  scrub: Scrubber;
  logger: Logger;
  limits: Limits;
  storePath: string;
  principals: { stdio: Principal; http: Principal; cli: Principal };
  close(): Promise<void>;
}

export type Checked = { ok: true; policy: Policy; maskers: Map<string, Masker>; limits: Limits } | { ok: false; problems: string[] };

/** Everything `config check` validates: policies compile, masking profiles build, rule profiles exist. */
export function checkRuntime(config: LoadedConfig, packs: readonly ToolPack[]): Checked {
  const loaded = loadPolicyFiles(config.policyFiles, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
  if (!loaded.ok) return loaded;
  const problems: string[] = [];
  const maskers = new Map<string, Masker>();
  // The masker's secret detector matches anywhere; a weak secret (allowed by override) is left to the
  // scrubber, which replaces it only as a whole word.
  const strongSecrets = config.secretValues.filter((s) => !isWeakSecret(s));
  for (const [name, profile] of Object.entries(config.masking.profiles)) {
    try {
      maskers.set(name, createMasker(profile, { secretValues: strongSecrets, ...(config.pseudonymKey ? { pseudonymKey: config.pseudonymKey } : {}) }));
    } catch (error) {
      problems.push(`masking.profiles.${name}: ${(error as Error).message}`);
    }
  }
  for (const rule of loaded.policy.rules) {
    if (rule.mask && !(rule.mask in config.masking.profiles)) problems.push(`${rule.file}: rule ${rule.id}: unknown masking profile "${rule.mask}"`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const l = config.parsed.limits;
  return { ok: true, policy: loaded.policy, maskers, limits: { timeoutMs: l.timeout, maxRows: l.maxRows, maxBytes: l.maxBytes } };
}

export async function startRuntime(config: LoadedConfig, packs: readonly ToolPack[], options: { logSink?: LogSink; store?: Store; retentionTiming?: RetentionTiming } = {}): Promise<Runtime> {
  // Both grow with a reload: values of the config now in force join those already known, as a
  // draining connection may still bring back text with the old ones.
  const secretValues = new Set(config.secretValues);
  const secretSources = new Map(config.secretSources.map((s) => [s.value, s]));
  let scrubKnown = createScrubber(config.secretValues);
  let findKnown = createSecretFinder(config.secretSources);
  const scrub: Scrubber = (text) => scrubKnown(text);
  const findSecrets: SecretFinder = (args) => findKnown(args);
  const logger = createLogger(config.parsed.log.level, scrub, options.logSink);
  const checked = checkRuntime(config, packs);
  if (!checked.ok) throw new StartupError(checked.problems);
  const sinkConfig = config.parsed.audit.sink;
  const sinkFile = sinkConfig ? await openAuditSink(resolve(config.dir, sinkConfig.file)) : undefined;
  if (sinkFile && !sinkFile.ok) throw new StartupError([`audit.sink.file: ${sinkFile.problem}`]);
  const largeInputs = largeInputSettings(config.parsed.server.largeInputs);
  await Promise.all(packs.map((p) => p.init?.({ largeInputs })));
  const storePath = describeStore(config.store);
  // The recorder is made after the store it reports on, so the report looks it up when it fires.
  const late: { record?: Recorder } = {};
  const reportTampering = tamperReporter(logger, () => late.record);
  const store = options.store ?? (await openStore(config, reportTampering));
  // Before anything reads the store's record (the kill switch, approvals) or signs its head.
  const unsealed = await store.unsealedPrune?.();
  if (unsealed) {
    if (!options.store) await store.close();
    throw new StartupError([unsealedPruneRefusal(unsealed)]);
  }
  const held = config.checkpoints && (await holdStoreToCheckpoints(store, config.checkpoints));
  if (held && !held.ok) {
    if (!options.store) await store.close();
    throw new StartupError([held.problem]);
  }
  if (held && config.checkpoints?.files.length === 0) logger.warn('audit.checkpoints has no files: webhooks cannot be read back, so the store is not held to its checkpoints at start');
  const sink = sinkFile?.ok ? sinkFile.start(store, logger) : undefined;
  // Without a key the chain has no anchor outside the store, as before checkpoints existed. With one,
  // only a head the voucher read back and found as this server appended it is signed.
  const voucher = config.checkpoints && createChainVoucher(store, await store.auditHead());
  const checkpoints = config.checkpoints && voucher && scheduleCheckpoints({ auditHead: voucher.vouch }, config.checkpoints, sink?.checkpoint, logger);
  const retentionDays = config.parsed.audit.retentionDays;
  const retention = retentionDays ? scheduleRetention(store, retentionDays, logger, options.retentionTiming, checkpoints?.now) : undefined;
  const registry = createRegistry(packs, config.connections, { logger });
  const { policy, maskers, limits } = checked;
  const record = createRecorder(store, scrub, (events) => {
    sink?.notify();
    if (voucher) voucher.saw(events);
  });
  late.record = record;
  const k = config.parsed.killSwitch;
  const killSwitch = await startKillSwitch(store, { pollMs: k.pollInterval, maxStaleMs: k.maxStale }, logger);
  const a = config.parsed.approvals;
  // Progress often enough that a client which resets its timeout on progress never reaches it.
  const progressMs = Math.min(5000, Math.floor(a.clientTimeout / 6));
  const approvals = createApprovals(store, record, { waitMs: a.wait, ttlMs: a.ttl, defaultApprovers: a.defaultApprovers, pollMs: a.pollInterval, progressMs, maxOpenPerPrincipal: a.maxOpenPerPrincipal, denialCoolOffMs: a.denialCoolOff });
  const defaultMasker = maskers.get('default');
  if (config.webhooks.length > 0 && defaultMasker) {
    approvals.onRequested = createNotifier(config.webhooks, a.consoleUrl, record, logger, (text) => defaultMasker.maskText(text));
  }
  const builtins = new Map([[APPROVAL_STATUS_TOOL.name, approvalStatusTool(approvals, a.defaultApprovers)]]);
  const alertSecret = createSecretAlerter(config.webhooks, logger);
  const pipeline = createPipeline({ registry, policy, maskers, record, approvals, scrub, limits, logger, builtins, findSecrets, alertSecret });
  const idn = config.parsed.identity;
  const principal = (p: typeof idn.stdio, fallback: string): Principal =>
    p ? { id: p.id, name: p.name ?? p.id, groups: p.groups, kind: p.kind } : { id: fallback, name: fallback, groups: [], kind: 'agent' };
  let running: Policy = policy;
  return {
    config,
    registry,
    get policy() {
      return running;
    },
    applyRules(rules) {
      running = rules.policy;
      pipeline.useRules(rules);
    },
    learnSecrets(next) {
      for (const value of next.secretValues) secretValues.add(value);
      for (const source of next.secretSources) if (!secretSources.has(source.value)) secretSources.set(source.value, source);
      scrubKnown = createScrubber([...secretValues]);
      findKnown = createSecretFinder([...secretSources.values()]);
    },
    record,
    tools: createToolList(registry, () => running),
    store,
    pipeline,
    approvals,
    tasks: createTaskBook({ store, approvals, pipeline, record, scrub, logger, ...(a.consoleUrl ? { consoleUrl: a.consoleUrl } : {}) }),
    killSwitch,
    limiter: createConcurrencyLimiter(config.parsed.server.http.maxConcurrentCalls),
    sessions: createSessionTracker(),
    scrub,
    logger,
    limits,
    storePath,
    principals: { stdio: principal(idn.stdio, 'local-stdio'), http: principal(idn.http, 'local-http'), cli: principal(idn.cli, 'local-cli') },
    async close() {
      killSwitch.close();
      await registry.close();
      await retention?.stop();
      // The last checkpoint goes to the sink too: it is signed before the sink closes.
      await checkpoints?.stop();
      // The sink copies from the store: it closes first.
      await sink?.close();
      await store.close();
    },
  };
}

// Refused, not served with what the record still holds: the events a made-up prune removed may hold
// a suspension or an approval's closing, and a replica started now would not know them.
function unsealedPruneRefusal(unsealed: UnsealedPrune): string {
  return (
    `${unsealed.problem}. The server does not start on it: a suspension, an ended session or a spent approval among the removed events would be undone. ` +
    `Restore the store from a backup, or, once the prune is understood (\`gatehouse audit verify\` shows the chain from it), set audit.acceptUnsealedPrune: ${unsealed.throughSeq} to start on it`
  );
}

export class StartupError extends Error {
  constructor(readonly problems: string[]) {
    super(`gatehouse cannot start:\n  ${problems.join('\n  ')}`);
    this.name = 'StartupError';
  }
}
