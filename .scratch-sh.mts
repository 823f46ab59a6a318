import { initShellParser, classifyShellLine } from './tools/ssh/classify/index.ts';
import { decideShell } from './test/fixtures/shipped-policy.ts';
await initShellParser();
for (const line of ['cd /etc; cat shadow', 'cd /etc; popd; cat shadow', 'cd /etc; pushd; cat shadow', 'cd /tmp; popd; cat shadow', 'cd /tmp; pushd; cat shadow', 'pushd /etc; cat shadow', 'cd /etc; pushd -n /tmp; cat shadow', 'echo $(( RANDOM + 1 ))', 'echo $(( SECONDS + 1 ))', 'echo $(( X + 1 ))', 'x=$(( EPOCHSECONDS % 2 )); echo $x']) {
  const f = classifyShellLine(line);
  console.log(line.padEnd(40), (await decideShell(f)).effect ?? JSON.stringify(await decideShell(f)).slice(0,60), 'ro=', f.readOnly, f.readOnlyBlockers?.slice(0,2));
}
