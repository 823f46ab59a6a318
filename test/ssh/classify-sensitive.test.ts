// Which paths may hold secrets, entry by entry of the table: each row is a path read with cat (or a
// directory searched with grep -r) and whether it is a secret read. A row for a near neighbour
// (the .pub beside a key, .env.example, /etc/passwd) keeps every pattern from growing too wide.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { SECRET_EXAMPLES } from '../../tools/ssh/classify/sensitive.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const ROWS: Array<[string, boolean]> = [
  ['cat /etc/shadow', true],
  ['cat /etc/gshadow', true],
  ['cat /etc/shadow-', true],
  ['cat /etc/shadowx/y', false],
  ['cat /etc/master.passwd', true],
  ['cat /etc/security/opasswd', true],
  ['cat /etc/passwd', false],
  ['cat /etc/sudoers', true],
  ['cat /etc/sudoers.d/90-init', true],
  ['cat /etc/ssh/ssh_host_rsa_key', true],
  ['cat /etc/ssh/ssh_host_rsa_key.pub', false],
  ['cat /etc/ssh/sshd_config', false],
  ['cat ~/.ssh/config', true],
  ['cat /home/u/.ssh/authorized_keys', true],
  ['cat id_rsa', true],
  ['cat /tmp/id_ed25519_sk', true],
  ['cat /tmp/id_ecdsa.pub', false],
  ['cat /tmp/id_dsa-old', true],
  ['cat a.pem', true],
  ['cat a.KEY', true],
  ['cat a.p12', true],
  ['cat a.pfx', true],
  ['cat a.jks', true],
  ['cat a.keystore', true],
  ['cat a.ppk', true],
  ['cat a.kdbx', true],
  ['cat a.pub', false],
  ['cat a.keytab', true],
  // the extension ends the name and follows a dot
  ['cat /usr/share/kbd/us.keymap', false],
  ['cat /srv/app/turkey', false],
  ['cat /srv/docs/x-pem', false],
  ['cat ~/.aws/credentials', true],
  ['cat ~/.aws/config', true],
  ['cat ~/.aws/cli/cache', false],
  ['cat ~/.config/gcloud/x', true],
  ['cat ~/.azure/x', true],
  ['cat ~/.kube/config', true],
  ['cat ~/.kube/cache', false],
  ['cat ~/.docker/config.json', true],
  ['cat ~/.gnupg/x', true],
  ['cat ~/.netrc', true],
  ['cat ~/.pgpass', true],
  ['cat ~/.my.cnf', true],
  ['cat ~/.git-credentials', true],
  ['cat ~/.vault-token', true],
  ['cat ~/.npmrc', true],
  ['cat ~/.pypirc', true],
  ['cat ~/.bash_history', true],
  ['cat ~/.zsh_history', true],
  ['cat ~/.python_history', true],
  ['cat ~/.terraform.d/credentials.tfrc.json', true],
  ['cat terraform.tfstate', true],
  ['cat terraform.tfstate.backup', true],
  ['cat .env', true],
  ['cat .env.production', true],
  ['cat .env.example', false],
  ['cat .env.sample', false],
  ['cat .env.template', false],
  ['cat .env.dist', false],
  ['cat prod.env', true],
  ['cat .htpasswd', true],
  ['cat htpasswd', true],
  ['cat /proc/1/environ', true],
  ['cat /proc/self/mem', true],
  ['cat /proc/1/status', false],
  ['cat /proc/kcore', true],
  ['cat /dev/mem', true],
  ['cat /dev/kmem', true],
  ['cat /dev/port', true],
  ['cat /dev/sda1', true],
  ['cat /dev/hdb', true],
  ['cat /dev/vdc', true],
  ['cat /dev/xvda', true],
  ['cat /dev/nvme0n1p1', true],
  ['cat /dev/mmcblk0', true],
  ['cat /dev/dm-0', true],
  ['cat /dev/md0', true],
  ['cat /dev/mapper/root', true],
  ['cat /dev/disk/by-id/x', true],
  ['cat /dev/null', false],
  ['cat /dev/tty', false],
  ['cat /run/secrets/x', true],
  ['cat /var/run/secrets/x', true],
  ['cat /etc/kubernetes/admin.conf', true],
  ['cat /etc/kubernetes/manifests/x.yaml', false],
  ['cat /etc/rancher/k3s/k3s.yaml', true],
  ['cat /etc/mysql/debian.cnf', true],
  ['cat /etc/ssl/private/x', true],
  ['cat /etc/ssl/certs/x.crt', false],
  ['cat /etc/hosts', false],
  ['cat /etc/*', true],
  ['cat /etc/s*', true],
  ['cat /etc/ssh/*', true],
  ['cat ~/.ssh/*', true],
  ['cat */.env', true],
  ['cat /srv/*/.env*', true],
  ['cat ~/.aws/*', true],
  ['cat /tmp/*', false],
  ['cat /proc/*/environ', true],
  ['cat /var/log/*.log', false],
  ['grep -r x /', true],
  ['grep -r x /root', true],
  ['grep -r x /home', true],
  // a directory holds what lies below it, not what only starts with its name
  ['grep -r x /etc/sh', false],
  ['grep -r x ~/.ss', false],
  ['grep -r x /var/lib/kube', false],
  ['grep -r x /etc/ssl', true],
  ['grep -r x /etc/nginx', false],
  ['grep -r x /var/log', false],
  ['grep -r x /proc', true],
  ['grep -r x /dev', true],
  ['grep -r x /run', true],
  ['grep -r x ~', true],
  ['grep -r x ~/.config', true],
  ['grep -r x /srv', false],
  ['grep -r x /etc/kubernetes', true],
  ['cat /proc/self/root/etc/shadow', true],
  ['cat /proc/*/root/root/.ssh/id_rsa', true],
  ['cat /proc/1/task/1/root/etc/sudoers', true],
  ['cat /proc/self/cwd/.pgpass', true],
  ['cat /proc/self/status', false],
  ['cat /proc/$$/root/etc/shadow', true],
  // credentials of developer tools, VPNs, Kerberos, browsers and clusters, and files named for what they hold
  ['cat ~/.config/gh/hosts.yml', true],
  ['cat ~/.cargo/credentials.toml', true],
  ['cat ~/.gem/credentials', true],
  ['cat ~/.m2/settings-security.xml', true],
  ['cat ~/.gradle/gradle.properties', true],
  ['cat ~/.config/composer/auth.json', true],
  ['cat ~/.config/rclone/rclone.conf', true],
  ['cat ~/.s3cfg', true],
  ['cat ~/.boto', true],
  ['cat ~/.databrickscfg', true],
  ['cat ~/.terraformrc', true],
  ['cat ~/.dockercfg', true],
  ['cat ~/.oci/config', true],
  ['cat ~/.password-store/bank.gpg', true],
  ['cat ~/.local/share/keyrings/login.keyring', true],
  ['cat ~/.mozilla/firefox/x.default/key4.db', true],
  ['cat ~/.config/op/config', true],
  ['cat ~/.local/share/fish/fish_history', true],
  ['cat ~/.viminfo', true],
  ['cat ~/.ansible/vault_pass', true],
  ['cat ~/.pulumi/credentials.json', true],
  ['cat /etc/ipsec.secrets', true],
  ['cat /etc/ppp/chap-secrets', true],
  ['cat /etc/wireguard/wg0.conf', true],
  ['cat /etc/krb5.keytab', true],
  ['cat /etc/NetworkManager/system-connections/home.nmconnection', true],
  ['cat /etc/sssd/sssd.conf', true],
  ['cat /etc/gitlab/gitlab-secrets.json', true],
  ['cat /etc/rancher/rke2/rke2.yaml', true],
  ['cat /var/lib/rancher/k3s/server/node-token', true],
  ['cat /var/lib/kubelet/kubeconfig', true],
  ['cat /var/www/html/wp-config.php', true],
  ['cat k8s/secrets.yaml', true],
  ['cat /srv/app/passwords.txt', true],
  ['cat src/tokenizer.py', false],
  ['cat tokens.css', false],
  ['cat docs/secrets-management.md', false],
  ['cat templates/password_reset.html', false],
  ['cat app/models/token.rb', false],
  ['cat secretary.txt', false],
  ['cat /usr/share/doc/x/credits', false],
  ['cat /etc/wireguard', false],
  ['grep -r x /var/lib/etcd', true],
  // where services keep the same secrets under names of their own
  ['cat /var/backups/shadow.bak', true],
  ['cat /var/backups/gshadow.bak', true],
  ['cat /var/backups/passwd.bak', false],
  ['cat /etc/pgbouncer/userlist.txt', true],
  ['cat /etc/redis/redis.conf', true],
  ['cat /etc/redis/sentinel.conf', true],
  ['cat config/database.yml', true],
  ['cat /srv/app/config/database.yml', true],
  ['cat docs/database.md', false],
  ['cat ~/.pg_service.conf', true],
  ['cat /var/lib/docker/containers/abc123/config.v2.json', true],
  ['cat /var/lib/docker/containers/abc123/hostname', false],
];

describe('secret reads, path by path', () => {
  for (const [line, secret] of ROWS) {
    it(line, () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.readsPaths.length, 1);
      assert.deepEqual(facts.sensitiveReads, secret ? facts.readsPaths : []);
    });
  }
});

describe('cached cloud credentials are secrets', () => {
  // the AWS CLI caches the temporary credentials of assumed roles and SSO sessions here
  for (const path of ['~/.aws/cli/cache/0123abcd.json', '/root/.aws/sso/cache/x.json', '~/.aws/cli/cache/*.json']) {
    it(`cat ${path}`, () => assert.deepEqual(classifyShellLine(`cat ${path}`).sensitiveReads, [path]));
  }
  it('grep -r through ~/.aws/cli reads them', () => assert.deepEqual(classifyShellLine('grep -r Secret ~/.aws/cli').sensitiveReads, ['~/.aws/cli']));
});

// A secret is a secret under any user's home and in any directory the kind of file is kept in, not
// only at the places the table's examples name: another user's home, a home or a directory given
// by a glob or a variable, a service's own .aws or .ssh. Neighbours that hold no secret stay clear.
describe('secrets wherever a home, a glob or a variable puts them', () => {
  const SECRET = [
    'cat /home/*/.ssh/id_rsa',
    'cat /home/*/.ssh/authorized_keys',
    'cat /home/*/.aws/credentials',
    'cat /home/*/.kube/config',
    'cat /home/*/.pgpass',
    'cat /home/*/.bash_history',
    'cat /home/*/.env',
    'cat /home/$u/.ssh/id_rsa',
    'cat /home/$u/.aws/credentials',
    'cat /*/*/.ssh/id_rsa',
    'cat /opt/*/.aws/credentials',
    'cat /var/lib/*/.pgpass',
    'cat /home/bob/.docker/config.json',
    'grep -r . /home/bob',
    'grep -r . /home/bob/.ssh',
    'grep -r . /opt/svc/.aws',
    'grep -r . /home/*/.gnupg',
    'grep -r . /srv/x/.gnupg',
    'grep -r . /srv/x/.kube',
    'tar czf - /home/alice',
    'cp -r /home/bob/.gnupg /tmp/x',
    'cat /Users/bob/.ssh/id_ed25519',
  ];
  const CLEAR = ['cat /home/*/id_rsa.pub', 'cat /home/*/notes.txt', 'grep -r . /opt/svc/logs', 'cat /home/*/.aws/config.bak.txt', 'grep -r . /srv/app', 'cat /home/*/.env.example', 'grep -r . /srv/x/ssl'];
  for (const line of SECRET) {
    it(`${line} is a secret read, denied`, () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.sensitiveReads.length, 1, line);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  for (const line of CLEAR) it(`${line} is none`, () => assert.deepEqual(classifyShellLine(line).sensitiveReads, [], line));
});

describe('every kind of secret, and a copy of it, is a secret, however its pattern is written', () => {
  // One example of every kind, as it is and with the suffixes people, editors, package managers and
  // log rotation leave; a kind whose pattern ends inside an alternation (kubelet's kubeconfig) too.
  // (So a directory read recursively that is itself an example is a secret by its name alone.)
  const suffixes = ['', '.bak', '~', '.old', '.dpkg-old', '.1', '.orig.2'];
  for (const example of SECRET_EXAMPLES) {
    it(example, () => {
      for (const copy of suffixes.map((suffix) => example + suffix)) {
        const facts = classifyShellLine(`cat ${copy}`);
        assert.deepEqual(facts.sensitiveReads, facts.readsPaths, copy);
        assert.equal(decideShell(facts).effect, 'deny', copy);
      }
    });
  }
  it('a copy of a harmless file stays harmless', () => {
    for (const line of ['cat /etc/hosts.bak', 'cat /var/lib/kubelet/config.yaml.old', 'cat /etc/hostname~']) {
      assert.deepEqual(classifyShellLine(line).sensitiveReads, [], line);
    }
  });
});
