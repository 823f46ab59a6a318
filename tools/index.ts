// The tool packs this build of gatehouse offers. Adding a backend means adding its pack here.
import type { ToolPack } from '../src/pipeline/toolpack.ts';
import { postgresPack } from './postgres/index.ts';

export const packs: readonly ToolPack[] = [postgresPack as unknown as ToolPack];
