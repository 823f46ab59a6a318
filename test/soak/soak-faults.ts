// The rolling fault schedule of the soak run: every few seconds one fault, in turn, held for a
// moment and then undone, so every link is whole again when the schedule ends.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sshd } from '../fixtures/sshd.ts';
import type { TcpProxy } from '../fixtures/tcp-proxy.ts';

export interface FaultLinks {
  target: TcpProxy;
  store: TcpProxy;
  sshd?: Sshd;
}

interface Fault {
  name: string;
  start(links: FaultLinks): void;
  end(links: FaultLinks): Promise<void> | void;
}

const FAULTS: readonly Fault[] = [
  { name: 'target link cut', start: (l) => l.target.refuse(), end: (l) => l.target.forward() },
  { name: 'target link stalled', start: (l) => l.target.stall(), end: (l) => l.target.forward() },
  { name: 'store link cut', start: (l) => l.store.refuse(), end: (l) => l.store.forward() },
  { name: 'store link stalled', start: (l) => l.store.stall(), end: (l) => l.store.forward() },
  { name: 'sshd crashed', start: (l) => l.sshd?.crash(), end: (l) => l.sshd?.revive() },
];

/** Injects faults until `deadline`; returns how many of each. */
export async function rollFaults(links: FaultLinks, deadline: number, everyMs = 10_000, holdMs = 2000): Promise<Map<string, number>> {
  const faults = FAULTS.filter((f) => links.sshd || !f.name.startsWith('sshd'));
  const injected = new Map<string, number>();
  for (let i = 0; Date.now() + everyMs <= deadline; i++) {
    await sleep(everyMs - holdMs);
    const fault = faults[i % faults.length] as Fault;
    fault.start(links);
    injected.set(fault.name, (injected.get(fault.name) ?? 0) + 1);
    await sleep(holdMs);
    await fault.end(links);
  }
  return injected;
}
