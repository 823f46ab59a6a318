// The one-line summary approvers and auditors read, and the call's shape for approval grants:
// verb, group/resource and namespace, without names, counts or other literals.
import type { KubernetesFacts } from './facts-schema.ts';
import { shellShape } from '../../ssh/classify/index.ts';
import { cutAtSpace } from '../../../src/render/characters.ts';

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
      const line = cutAtSpace(f.exec.line, MAX_LINE);
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

export function shapeOf(f: KubernetesFacts): string {
  const ns = f.allNamespaces ? '*' : f.namespace || '-';
  if (f.verb === 'apply') {
    const kinds = [...new Set(f.objects.map((o) => `${o.group || 'core'}/${o.kind}@${o.namespace || '-'}`))].sort();
    return `k8s apply${f.dryRun ? ' dry-run' : ''}${f.force ? ' force' : ''} ${kinds.join(' ')}`;
  }
  const resource = `${f.group || 'core'}/${f.resource}${f.subresource ? `/${f.subresource}` : ''}`;
  // An exec line is shaped as the shell pack shapes an SSH line: flags and redirections stay.
  const commands = f.verb === 'exec' ? ` ${shellShape(f.exec.line)}` : '';
  return `k8s ${f.verb} ${resource} ns=${ns}${commands}`;
}
