// The one-line summary approvers and auditors read, and the call's shape for approval grants:
// see shapeOf.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../src/audit/canonical.ts';
import type { KubernetesFacts } from './facts-schema.ts';
import type { ManifestObject } from './manifest.ts';
import { shellShape } from '../../ssh/classify/index.ts';
import { cutAtSpace, SUMMARY_MAX } from '../../../src/render/characters.ts';

const MAX_LINE = 200;

function qualified(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

function where(f: KubernetesFacts): string {
  if (f.allNamespaces) return ' in all namespaces';
  return f.namespace ? ` in ${f.namespace}` : '';
}

export function describeCall(f: KubernetesFacts): string {
  if (f.parseError) return `${f.verb}: unreadable call (${f.parseError.slice(0, MAX_LINE)})`;
  const what = qualified(f.group, f.resource);
  const object = `${what}/${f.name}${where(f)}`;
  switch (f.verb) {
    case 'list': {
      const selectors = [f.labelSelector && `labels ${f.labelSelector}`, f.fieldSelector && `fields ${f.fieldSelector}`].filter(Boolean).join(', ');
      return `list ${what}${where(f)}${selectors ? ` (${selectors})` : ''}`;
    }
    case 'logs':
      return `logs of pod ${f.name}${where(f)}`;
    case 'exec': {
      const line = cutAtSpace(f.exec.line, SUMMARY_MAX);
      return `exec in pod ${f.name}${where(f)}${f.exec.container ? ` (container ${f.exec.container})` : ''}: ${line}`;
    }
    case 'scale':
      return `scale ${object} to ${f.replicas} replicas`;
    case 'apply': {
      const shown = f.objects.slice(0, 5).map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
      const more = f.objects.length > shown.length ? ` and ${f.objects.length - shown.length} more` : '';
      return `${f.dryRun ? 'dry-run apply' : 'apply'} ${f.objectCount} object${f.objectCount === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
    }
    default:
      return `${f.verb} ${object}`;
  }
}

/**
 * The shape a grant covers: the same verb on the same object (by name), the same replica count,
 * the same exec line (as the shell pack shapes it: every word); for apply, see applyShape.
 */
export function shapeOf(f: KubernetesFacts): string {
  const ns = namespaceOf(f);
  const resource = `${f.group || 'core'}/${f.resource}${f.subresource ? `/${f.subresource}` : ''}`;
  const parts = [`k8s ${f.verb} ${resource} ns=${ns}`];
  if (f.name) parts.push(`name=${JSON.stringify(f.name)}`);
  if (f.verb === 'scale') parts.push(`replicas=${f.replicas}`);
  if (f.verb === 'list') parts.push(`labels=${JSON.stringify(f.labelSelector)} fields=${JSON.stringify(f.fieldSelector)}`);
  if (f.verb === 'exec') parts.push(`container=${JSON.stringify(f.exec.container)} ${shellShape(f.exec.line)}`);
  return parts.join(' ');
}

/**
 * The shape of an apply: exactly the same objects (their parsed content, whatever the YAML's
 * formatting) in the same namespaces, so a grant for one image, one replica count or one namespace
 * never applies another.
 */
export function applyShape(f: KubernetesFacts, objects: readonly ManifestObject[]): string {
  // Each object with the namespace it goes to: an object without one of its own goes where the
  // call says, so the same bodies sent to another namespace are another change.
  const content = createHash('sha256').update(canonicalJson(objects.map((o) => ({ namespace: o.facts.namespace, object: o.body })))).digest('hex');
  return `k8s apply${f.dryRun ? ' dry-run' : ''}${f.force ? ' force' : ''} ns=${namespaceOf(f)} ${content}`;
}

function namespaceOf(f: KubernetesFacts): string {
  return f.allNamespaces ? '*' : f.namespace || '-';
}
