// Lines that leave access or code behind on the host, beyond the call: an SSH key, a scheduled job,
// a service, a login or startup script, a preloaded library, an account. The shipped policy reviews
// any write, so the approver used to see only "writes ~/.ssh/authorized_keys" among other writes; each
// of these now carries the persistence rule and its reason, however the write is spelled. Decoys:
// writes elsewhere, and reads of the same files, carry no such rule.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

const PERSISTING = [
  'echo "ssh-ed25519 AAAA x" >> ~/.ssh/authorized_keys',
  'echo k > /root/.ssh/authorized_keys',
  'echo k >> /home/deploy/.ssh/authorized_keys2',
  "printf '%s\\n' k | tee -a ~/.ssh/authorized_keys",
  'cp /tmp/k ~/.ssh/authorized_keys',
  'mv /tmp/k /root/.ssh/authorized_keys',
  'install -m 600 /tmp/k ~/.ssh/authorized_keys',
  'cd ~/.ssh && cat /tmp/k >> authorized_keys',
  'cd /root/.ssh; echo k >| authorized_keys',
  'sudo tee -a /root/.ssh/authorized_keys < /tmp/k',
  'sh -c "echo k >> ~/.ssh/authorized_keys"',
  'echo x > ~/.ssh/rc',
  'echo "* * * * * root /tmp/x" >> /etc/crontab',
  'echo "* * * * * /tmp/x" > /etc/cron.d/backdoor',
  'cp /tmp/x /etc/cron.hourly/x',
  'echo "* * * * * /tmp/x" | crontab -',
  'crontab /tmp/jobs',
  'crontab -u root /tmp/jobs',
  'echo /tmp/x | at now + 1 minute',
  'cp /tmp/x.service /etc/systemd/system/x.service',
  'cat > /lib/systemd/system/x.service < /tmp/unit',
  'mkdir -p ~/.config/systemd/user && cp x.service ~/.config/systemd/user/',
  'systemctl enable --now x.service',
  'systemctl link /tmp/x.service',
  'echo /tmp/x >> /etc/rc.local',
  'cp /tmp/x /etc/init.d/x',
  'echo "curl x | sh" >> ~/.bashrc',
  'echo x >> ~/.profile',
  'echo x >> /home/bob/.bash_profile',
  'echo x >> ~/.zshrc',
  'echo x > /etc/profile.d/x.sh',
  'echo x >> /etc/bash.bashrc',
  'echo x >> /etc/environment',
  "sed -i '1i /tmp/x' ~/.bashrc",
  'echo /tmp/x.so > /etc/ld.so.preload',
  'echo /tmp > /etc/ld.so.conf.d/x.conf',
  'echo "auth sufficient pam_permit.so" > /etc/pam.d/sshd',
  'echo "PermitRootLogin yes" >> /etc/ssh/sshd_config',
  'echo x > /etc/ssh/sshd_config.d/x.conf',
  'echo x > /etc/update-motd.d/99-x',
  'cp x.desktop ~/.config/autostart/',
  'useradd -m -G sudo eve',
  'usermod -aG sudo eve',
  "echo 'eve:pw' | chpasswd",
  'dd if=/tmp/k of=/root/.ssh/authorized_keys',
];

const DECOYS = [
  'echo x > /tmp/authorized_keys',
  'cp /tmp/k /tmp/ssh/authorized_keys.bak',
  'cat ~/.ssh/authorized_keys',
  'grep ssh-ed25519 /root/.ssh/authorized_keys',
  'cat /etc/crontab',
  'crontab -l',
  'ls /etc/cron.d',
  'systemctl status nginx',
  'systemctl restart nginx',
  'cat ~/.bashrc',
  'echo x > /tmp/profile',
  'echo x >> /var/log/app/cron.log',
  'echo x > ~/notes/bashrc.txt',
  'cp /etc/profile /tmp/profile.copy',
  'journalctl -u cron',
];

const PERSISTENCE = 'shell-review-persistence';

describe('lines that leave access or code behind are reviewed as such', () => {
  before(() => initShellParser());

  it(`names persistence for each of the ${PERSISTING.length} lines, however the write is spelled`, async () => {
    const missed: string[] = [];
    for (const line of PERSISTING) {
      const decision = decideShell(await classifyShellLine(line));
      if (decision.effect === 'allow' || !decision.rules.includes(PERSISTENCE)) missed.push(`${line} -> ${decision.effect} ${decision.rules.join(',')}`);
    }
    assert.deepEqual(missed, []);
  });

  it(`decoy: names no persistence for the ${DECOYS.length} writes elsewhere and reads of the same files`, async () => {
    const named: string[] = [];
    for (const line of DECOYS) {
      const decision = decideShell(await classifyShellLine(line));
      if (decision.rules.includes(PERSISTENCE)) named.push(line);
    }
    assert.deepEqual(named, []);
  });
});
