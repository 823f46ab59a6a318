// The danger flags the README promises for every object an apply sends: privileged, hostPath,
// hostNetwork, hostPID, hostIPC and added capabilities, found wherever a pod template sits, set only
// by the values that grant them, and every spelling of a capability counted once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_MANIFEST_DEPTH, podRisk, TooDeepError } from '../../tools/kubernetes/classify/pod-risk.ts';
import { execCommand, NO_EXEC, shellWord } from '../../tools/kubernetes/classify/exec-command.ts';

const none = { privileged: false, hostPath: false, hostNetwork: false, hostPID: false, hostIPC: false, addedCapabilities: [] };

describe('pod risk', () => {
  it('flags each host namespace and privilege on its own, wherever the pod template sits', () => {
    const inside = (spec: object) => ({ kind: 'Rollout', spec: { strategy: {}, template: { spec } } });
    assert.deepEqual(podRisk(inside({ hostNetwork: true })), { ...none, hostNetwork: true });
    assert.deepEqual(podRisk(inside({ hostPID: true })), { ...none, hostPID: true });
    assert.deepEqual(podRisk(inside({ hostIPC: true })), { ...none, hostIPC: true });
    assert.deepEqual(podRisk(inside({ containers: [{ securityContext: { privileged: true } }] })), { ...none, privileged: true });
    assert.deepEqual(podRisk(inside({ volumes: [[{ hostPath: { path: '/' } }]] })), { ...none, hostPath: true });
  });

  it('is not set by values that grant nothing', () => {
    const spec = { hostNetwork: false, hostPID: 'true', hostIPC: 1, privileged: false, volumes: [{ hostPath: null }, { name: 'hostPath' }], capabilities: null };
    assert.deepEqual(podRisk({ spec }), none);
    assert.deepEqual(podRisk({ spec: { containers: [{ securityContext: { capabilities: { add: 'SYS_ADMIN', drop: ['ALL'] } } }] } }), none);
    assert.deepEqual(podRisk({ kind: 'ConfigMap', data: { hostPath: '/var/run', hostPID: 'true' } }), none, 'a ConfigMap key grants nothing');
    assert.deepEqual(podRisk({ spec: { containers: [{ securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true } }] } }), none);
    assert.deepEqual(podRisk({ spec: { patches: [{ op: { add: ['SYS_ADMIN'] } }] } }), none, 'only capabilities.add adds capabilities');
    assert.deepEqual(podRisk(null), none);
    assert.deepEqual(podRisk('privileged'), none);
  });

  it('counts every spelling of a capability once, sorted, and keeps odd values visible', () => {
    const containers = [
      { securityContext: { capabilities: { add: ['cap_sys_admin', ' SYS_ADMIN ', 'CAP_SYS_ADMIN', 'net_raw'] } } },
      { securityContext: { capabilities: { add: [7, null] } } },
    ];
    assert.deepEqual(podRisk({ spec: { containers } }).addedCapabilities, ['7', 'NET_RAW', 'NULL', 'SYS_ADMIN']);
  });

  it('drops only a leading CAP_ from a capability, and shows a value that is no capability as written', () => {
    const added = (add: unknown[]) => podRisk({ securityContext: { capabilities: { add } } }).addedCapabilities;
    assert.deepEqual(added(['cap_net_raw', 'no_cap_net_raw', 'SYS_CAP_']), ['NET_RAW', 'NO_CAP_NET_RAW', 'SYS_CAP_']);
    // An object built in code may hold undefined where YAML holds null: both are shown, not dropped.
    assert.deepEqual(added([undefined]), ['NULL']);
    assert.deepEqual(added([{ name: 'SYS_ADMIN' }]), ['{"NAME":"SYS_ADMIN"}']);
  });

  it('reads objects nested to the bound and refuses deeper ones', () => {
    const nest = (levels: number) => {
      let value: unknown = { privileged: true };
      for (let i = 1; i < levels; i++) value = i % 2 === 0 ? [value] : { a: value };
      return value;
    };
    assert.equal(podRisk(nest(MAX_MANIFEST_DEPTH)).privileged, true);
    assert.throws(() => podRisk(nest(MAX_MANIFEST_DEPTH + 1)), TooDeepError);
  });
});

describe('exec commands', () => {
  it('quotes argv words for the shell only when they need it, so the words classified are the words run', () => {
    assert.equal(shellWord('/usr/bin/env'), '/usr/bin/env');
    assert.equal(shellWord('a=b,c:d@e%f+g'), 'a=b,c:d@e%f+g');
    assert.equal(shellWord('two words'), "'two words'");
    assert.equal(shellWord(''), "''");
    assert.equal(shellWord("it's"), "'it'\\''s'");
    assert.deepEqual(execCommand(['ls', '-l', '; rm -rf /']), { argv: ['ls', '-l', '; rm -rf /'], line: "ls -l '; rm -rf /'" });
    assert.deepEqual(execCommand('ls; id'), { argv: ['/bin/sh', '-c', 'ls; id'], line: 'ls; id' });
  });

  it('gives a call that runs no command empty exec facts, so no exec rule of a policy fires on it', () => {
    assert.deepEqual([NO_EXEC.container, NO_EXEC.command, NO_EXEC.line], ['', [], '']);
    const shell = NO_EXEC.shell;
    assert.deepEqual([shell.hasError, shell.error, shell.readOnlyBlockers, shell.commands, shell.names], [false, '', [], [], []]);
  });
});
