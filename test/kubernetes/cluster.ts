// Test helpers: an emulated cluster seeded with a small shop (namespaces, pods, a deployment, a
// ConfigMap, a Secret, a custom resource, events, logs), a real pack connection to it, and `run`,
// which calls a tool the way the pipeline does: arguments through zod, classify, execute. What
// the pack returns or throws is captured for the canary scan (test/canary): the pack's own wall,
// before the pipeline's scrubber.
import type { ToolResult } from '../../src/pipeline/result.ts';
import { startCapture } from '../canary/capture.ts';
import type { Limits, Target, ToolPack } from '../../src/pipeline/toolpack.ts';
import { SERVED, startK8sEmulator, type EmulatorOptions, type K8sEmulator } from '../fixtures/k8s-emulator/index.ts';
import { loadClientLibrary } from '../../tools/kubernetes/client-library.ts';
import { KubernetesConnectionSchema, kubernetesPack, type KubernetesConnection } from '../../tools/kubernetes/index.ts';

export const LIMITS: Limits = { timeoutMs: 10_000, maxRows: 100, maxBytes: 1 << 20 };
export const SECRET_VALUE = 'hunter2-very-secret-db-password';
export const CARD = '4111 1111 1111 1111';
export const GITHUB_TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
export const pack = kubernetesPack as unknown as ToolPack;

export interface TestCluster {
  emulator: K8sEmulator;
  conn: KubernetesConnection;
  target: Target;
  run(tool: string, args: Record<string, unknown>, limits?: Partial<Limits>, signal?: AbortSignal): Promise<ToolResult>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  emulator?: EmulatorOptions;
  /** Connection config (kubeconfig is filled in). */
  config?: Record<string, unknown>;
  /** Kubeconfig text instead of the emulator's own. */
  kubeconfig?: (emulator: K8sEmulator) => string;
}

export async function startTestCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  await kubernetesPack.init?.();
  // Tests reach into the connection (kubeConfig()) outside a call, which is where the pack loads the library.
  await loadClientLibrary();
  const emulator = await startK8sEmulator(options.emulator);
  seed(emulator);
  const target: Target = { name: 'prod', type: 'kubernetes', labels: { env: 'prod' } };
  const config = KubernetesConnectionSchema.parse({ kubeconfig: 'env:KUBECONFIG_PROD', ...options.config });
  const kubeconfig = options.kubeconfig ? options.kubeconfig(emulator) : emulator.kubeconfig();
  const conn = kubernetesPack.open(target, config, { kubeconfig });
  return {
    emulator,
    conn,
    target,
    run: (tool, args, limits = {}, signal = new AbortController().signal) => runTool(conn, target, tool, args, { ...LIMITS, ...limits }, signal),
    close: async () => {
      await conn.close();
      await emulator.close();
    },
  };
}

/** One capture for the whole test process, written when it exits. */
const packOutput = startCapture('kubernetes-pack-output');

export async function runTool(conn: KubernetesConnection, target: Target, tool: string, args: Record<string, unknown>, limits: Limits, signal: AbortSignal): Promise<ToolResult> {
  const spec = kubernetesPack.tools.find((t) => t.name === tool);
  if (!spec) throw new Error(`no tool ${tool}`);
  const parsed = spec.input.parse({ cluster: target.name, ...args }) as Record<string, unknown>;
  const classification = kubernetesPack.classify(tool, parsed);
  try {
    const result = await kubernetesPack.execute({ tool, args: parsed, target, connection: conn, targets: [target] }, { limits, readOnly: classification.readOnly, signal, classification });
    packOutput.append(`${JSON.stringify(result)}\n`);
    return result;
  } catch (error) {
    packOutput.append(`${String(error)}\n`);
    throw error;
  }
}

/** The emulator's entry for a resource, to read its store directly. */
export function served(resource: string): (typeof SERVED)[number] {
  const kind = SERVED.find((k) => k.resource === resource);
  if (!kind) throw new Error(`the emulator does not serve ${resource}`);
  return kind;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

function seed(emulator: K8sEmulator): void {
  const { store, logs } = emulator;
  for (const name of ['default', 'shop', 'kube-system']) store.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  store.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1' } } });
  const pod = (name: string, labels: Record<string, string>, containers: string[], phase = 'Running') =>
    store.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec: { containers: containers.map((c) => ({ name: c, image: `${c}:1` })) }, status: { phase } });
  pod('web-1', { app: 'web' }, ['app']);
  pod('web-2', { app: 'web' }, ['app']);
  pod('db-0', { app: 'db' }, ['db', 'backup']);
  pod('job-1', { app: 'job' }, ['job'], 'Succeeded');
  store.seed(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1', env: [{ name: 'GITHUB_TOKEN', value: GITHUB_TOKEN }] }] } },
      },
    },
    [{ manager: 'kubectl-client-side-apply' }],
  );
  store.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { mode: 'fast', test_card: CARD, deploy_key: GITHUB_TOKEN } });
  const secretData = { password: b64(SECRET_VALUE), username: b64('shop-app') };
  store.seed({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      namespace: 'shop',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: SECRET_VALUE }, data: secretData }) },
    },
    type: 'Opaque',
    data: secretData,
  });
  store.seed({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gizmo', namespace: 'shop' }, spec: { size: 3 } });
  const event = (name: string, kind: string, object: string, reason: string, message: string, time: string) =>
    store.seed({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'shop' }, involvedObject: { kind, name: object, namespace: 'shop' }, reason, message, type: 'Normal', count: 1, lastTimestamp: time });
  event('web-1.a', 'Pod', 'web-1', 'Scheduled', 'Successfully assigned shop/web-1 to worker-1', '2025-01-01T10:00:00Z');
  event('web-1.b', 'Pod', 'web-1', 'Started', 'Started container app', '2025-01-01T10:00:05Z');
  event('web.a', 'Deployment', 'web', 'ScalingReplicaSet', 'Scaled up replica set web-5d9 to 2', '2025-01-01T09:59:59Z');
  logs.set('shop/web-1/app', { current: ['GET /health 200', 'GET /cart 200 user=ada@example.com', 'POST /pay 201', 'GET /health 200'].join('\n') + '\n', previous: 'panic: out of memory\n' });
  logs.set('shop/db-0/db', { current: 'database ready\n' });
}
