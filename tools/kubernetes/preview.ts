// What a held Kubernetes change would do, for the approver: an apply is sent as a server-side dry
// run (dryRun=All: admission and defaulting run, nothing is persisted) and its answer compared with
// the live object, field by field; scale, delete and restart are read against the live object.
// Values under data, stringData and env, and every value of a Secret, are never shown: only that
// they change.
import type { Impact } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { requestJson } from './api-request.ts';
import { locate, qualifiedName, resourcePath, type KubeCall } from './call.ts';
import { readManifest } from './classify/index.ts';
import { applyOne, label } from './execute-apply.ts';

type Json = Record<string, unknown>;

/** Fields the server owns or rewrites on every write: noise to an approver. */
const IGNORED = new Set(['metadata.managedFields', 'metadata.resourceVersion', 'metadata.generation', 'metadata.uid', 'metadata.creationTimestamp', 'status']);
const HIDDEN = /(^|\.)(data|stringData|binaryData|env)(\.|\[|$)|password|token|secret|key/i;
const MAX_CHANGES = 40;
const MAX_VALUE = 80;

export async function previewChange(tool: string, call: KubeCall, args: Json): Promise<Impact> {
  try {
    return await preview(tool, call, args);
  } catch (error) {
    // The API's own words may quote values: the approver gets the reason's code.
    if (error instanceof ToolError) return { method: 'none', note: `the dry run was refused (${error.code})` };
    throw error;
  }
}

async function preview(tool: string, call: KubeCall, args: Json): Promise<Impact> {
  const name = String(args.name ?? '');
  switch (tool) {
    case 'kubernetes_apply':
      return previewApply(call, args);
    case 'kubernetes_scale': {
      const { served, namespace } = await locate(call, String(args.resource ?? 'deployments'), call.facts.namespace);
      const live = await liveObject(call, resourcePath(served, namespace, name, 'scale'));
      const now = (live?.spec as Json | undefined)?.replicas;
      return dryRun([live ? `${qualifiedName(served)} ${name}: replicas ${String(now ?? '?')} → ${Number(args.replicas)}` : `${qualifiedName(served)} ${name} does not exist`]);
    }
    case 'kubernetes_delete':
    case 'kubernetes_rollout_restart': {
      const { served, namespace } = await locate(call, String(args.resource ?? 'deployments'), call.facts.namespace);
      const live = await liveObject(call, resourcePath(served, namespace, name));
      const what = `${qualifiedName(served)} ${namespace ? `${namespace}/` : ''}${name}`;
      if (!live) return dryRun([`${what} does not exist`]);
      const replicas = (live.spec as Json | undefined)?.replicas;
      return dryRun([tool === 'kubernetes_delete' ? `deletes ${what}` : `replaces the pods of ${what}${typeof replicas === 'number' ? ` (${replicas} replicas)` : ''}`]);
    }
    default:
      return { method: 'none', note: 'what a command does inside a pod cannot be previewed' };
  }
}

async function previewApply(call: KubeCall, args: Json): Promise<Impact> {
  const manifest = readManifest(String(args.manifest ?? ''), typeof args.namespace === 'string' ? args.namespace : undefined);
  if (manifest.parseError) return { method: 'none', note: 'the manifest does not parse' };
  const changes: string[] = [];
  for (const object of manifest.objects) {
    const answer = await applyOne(call, object, { dryRun: true, force: args.force === true });
    const live = await liveObject(call, answer.path);
    const hideAll = object.facts.kind === 'Secret';
    if (!live) changes.push(`creates ${label(object.facts)}`);
    else {
      const fields = diff(live, answer.object, '', hideAll);
      changes.push(fields.length === 0 ? `${label(object.facts)}: no change` : `${label(object.facts)}: ${fields.join(', ')}`);
    }
  }
  return dryRun(changes);
}

function dryRun(changes: string[]): Impact {
  const shown = changes.slice(0, MAX_CHANGES);
  if (changes.length > shown.length) shown.push(`and ${changes.length - shown.length} more`);
  return { method: 'dry run', changes: shown };
}

async function liveObject(call: KubeCall, path: string): Promise<Json | undefined> {
  try {
    return (await requestJson<Json>(call.conn, { method: 'GET', path }, { ...call.scope, readOnly: true })).value;
  } catch (error) {
    if (error instanceof ToolError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/** The fields that differ, as `path: old → new` (values hidden where they may be secret). */
function diff(before: unknown, after: unknown, path: string, hideAll: boolean): string[] {
  if (IGNORED.has(path)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diff(before[key], after[key], path ? `${path}.${key}` : key, hideAll));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diff(item, after[i], `${path}[${i}]`, hideAll));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (hideAll || HIDDEN.test(path)) return [`${path} changes`];
  return [`${path}: ${shown(before)} → ${shown(after)}`];
}

function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (${text.length} characters)` : text;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
