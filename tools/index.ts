// The tool packs this build of gatehouse offers. Adding a backend means adding its pack here.
import type { ToolPack } from '../src/pipeline/toolpack.ts';
import { kubernetesPack } from './kubernetes/index.ts';
import { postgresPack } from './postgres/index.ts';
import { sshPack } from './ssh/index.ts';

export const packs: readonly ToolPack[] = [postgresPack, sshPack, kubernetesPack] as unknown as readonly ToolPack[];
