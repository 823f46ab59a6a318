// Paths whose contents are secrets: password hashes, sudoers, private keys, cloud and cluster
// credentials, .env files, process environments, raw disks and memory. A path with globs or
// run-time parts is sensitive when it could name one of them; a directory read recursively is
// sensitive when it holds one of them. A copy that a person, an editor or a package manager left
// beside such a file (.pgpass.bak, config~, admin.conf.dpkg-old, credentials.1) holds the same
// secrets, so every name below also matches with a copy's suffix.
import { ANY_NAME, ANYTHING, isPattern, ONE_CHAR, patternRegex } from './fields.ts';

/** Suffixes of copies: backups, editor saves and swap files, package-manager leftovers, rotations. */
const COPY_SUFFIX = String.raw`(~|\.(bak|backup|old|orig|save|sav|swp|swo|tmp|copy|prev|dpkg-(old|new|dist|bak)|rpm(save|new|orig)|ucf-(old|new|dist))|[.-]\d+)*`;

const COPY_SUFFIXES = new RegExp(`${COPY_SUFFIX}$`);

const SENSITIVE: readonly RegExp[] = [
  /^\/etc\/g?shadow[^/]*$/,
  /^\/etc\/(master\.passwd|security\/opasswd)$/,
  /^\/etc\/sudoers[^/]*(\/.*)?$/,
  /^\/etc\/ssh\/ssh_host_[^/]*_key$/,
  /(^|\/)\.ssh\/./,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?(?![^/]*\.pub$)[^/]*$/,
  /\.(pem|key|p12|pfx|jks|keystore|ppk|kdbx|keytab)$/i,
  // a file named for what it holds, whatever the tool: credentials.toml, app-secrets.yaml, node-token
  /(^|\/)([^/]*[._-])?(credentials?|secrets?|tokens?|keyring|vault[_-]?pass(word)?)(\.(json|ya?ml|toml|txt|conf|cfg|ini|properties|xml|gpg|asc|enc|csv))?$/i,
  /(^|\/)[^/]*passw(or)?ds?\.(txt|csv|json|ya?ml)$/i,
  /(^|\/)\.aws\/(credentials|config)$/,
  /(^|\/)\.aws\/(cli|sso)\/cache\/./,
  /(^|\/)\.config\/gcloud\/./,
  /(^|\/)\.azure\/./,
  /(^|\/)\.kube\/config$/,
  /(^|\/)\.docker\/config\.json$/,
  /(^|\/)\.gnupg\/./,
  /(^|\/)\.(netrc|pgpass|my\.cnf|git-credentials|vault-token|npmrc|pypirc)$/,
  /(^|\/)\.?[a-z_]*_history$/,
  /(^|\/)\.(lesshst|viminfo|dbshell)$/,
  // developer tools' tokens and passwords
  /(^|\/)\.config\/(gh\/hosts\.ya?ml|hub|doctl\/config\.ya?ml|rclone\/rclone\.conf|composer\/auth\.json|helm\/repositories\.ya?ml)$/,
  /(^|\/)\.config\/(op|heroku)\/./,
  /(^|\/)\.(cargo\/credentials(\.toml)?|gem\/credentials|m2\/settings(-security)?\.xml|gradle\/gradle\.properties|composer\/auth\.json|s3cfg|boto|databrickscfg|terraformrc|dockercfg|oci\/config|helm\/repository\/repositories\.yaml)$/,
  /(^|\/)\.(password-store|local\/share\/keyrings)\/./,
  /(^|\/)\.mozilla\/firefox\/[^/]+\/(logins\.json|key[34]\.db|cookies\.sqlite)$/,
  /(^|\/)\.config\/(google-chrome|chromium)\/[^/]+\/(Login Data|Cookies)$/,
  /(^|\/)wp-config\.php$/,
  /(^|\/)\.terraform\.d\/credentials/,
  /(^|\/)terraform\.tfstate(\.backup)?$/,
  /(^|\/)\.env$/,
  /(^|\/)\.env\.(?!(example|sample|template|dist)$)[^/]+$/,
  /(^|\/)[^/]+\.env$/,
  /(^|\/)\.?htpasswd$/,
  /^\/proc\/[^/]+\/(environ|mem)$/,
  /^\/proc\/kcore$/,
  /^\/dev\/(mem|kmem|port)$/,
  /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|mapper\/|disk\/)/,
  /^\/(var\/)?run\/secrets\/./,
  /^\/etc\/kubernetes\/[^/]+\.conf$/,
  /^\/etc\/rancher\/k3s\/k3s\.yaml$/,
  /^\/etc\/mysql\/debian\.cnf$/,
  /^\/etc\/(ipsec\.secrets|ppp\/(chap|pap)-secrets|wireguard\/.|NetworkManager\/system-connections\/.|sssd\/sssd\.conf|rancher\/rke2\/rke2\.yaml)/,
  /^\/var\/lib\/(rancher\/(k3s|rke2)\/server\/.|kubelet\/kubeconfig$|etcd\/.)/,
  /^\/etc\/ssl\/private\/./,
  // services' own names for the same secrets: Debian's copies of the shadow files, pgbouncer's
  // passwords, redis's requirepass, Rails's database passwords, a container's environment
  /^\/var\/backups\/g?shadow[^/]*$/,
  /(^|\/)pgbouncer\/userlist\.txt$/,
  /(^|\/)(redis|sentinel)\.conf$/,
  /(^|\/)config\/database\.ya?ml$/,
  /(^|\/)\.?pg_service\.conf$/,
  /^\/var\/lib\/docker\/containers\/[^/]+\/config\.v2\.json$/,
];

/**
 * True when `path` or the file it is a copy of matches a pattern above. The copy's suffixes are cut
 * from the path rather than added to each pattern, so a pattern whose end sits inside an
 * alternation (kubelet\/kubeconfig$|etcd) or a lookahead reaches copies as well.
 */
function matchesSecret(path: string): boolean {
  const original = path.replace(COPY_SUFFIXES, '');
  return SENSITIVE.some((re) => re.test(path) || re.test(original));
}

/** Concrete examples of every kind above, for matching patterns and directories against. */
export const SECRET_EXAMPLES: readonly string[] = [
  '/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/sudoers', '/etc/sudoers.d/90-cloud-init-users',
  '/etc/security/opasswd', '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key',
  '~/.ssh/id_rsa', '~/.ssh/id_ed25519', '~/.ssh/authorized_keys', '/root/.ssh/id_rsa', '/home/user/.ssh/id_ed25519',
  '~/.aws/credentials', '/root/.aws/credentials', '~/.aws/cli/cache/role.json', '~/.aws/sso/cache/token.json', '~/.config/gcloud/credentials.db', '~/.azure/accessTokens.json',
  '~/.kube/config', '/root/.kube/config', '~/.docker/config.json', '~/.gnupg/private-keys-v1.d/key.key',
  '~/.netrc', '~/.pgpass', '~/.git-credentials', '~/.bash_history', '/root/.bash_history',
  '~/.env',
  '/etc/ssl/private/server.key', '/etc/letsencrypt/live/site/privkey.pem',
  '/proc/1/environ', '/proc/self/environ', '/proc/kcore', '/dev/mem',
  '/dev/sda', '/dev/nvme0n1', '/dev/vda', '/dev/xvda', '/dev/mapper/root',
  '/run/secrets/kubernetes.io/serviceaccount/token', '/var/run/secrets/kubernetes.io/serviceaccount/token',
  '/etc/kubernetes/admin.conf', '/etc/rancher/k3s/k3s.yaml',
  '~/.config/gh/hosts.yml', '~/.cargo/credentials.toml', '~/.m2/settings.xml', '~/.gradle/gradle.properties', '~/.config/rclone/rclone.conf',
  '~/.s3cfg', '~/.password-store/site.gpg', '~/.local/share/keyrings/login.keyring', '~/.mozilla/firefox/x.default/logins.json',
  '/etc/ipsec.secrets', '/etc/ppp/chap-secrets', '/etc/wireguard/wg0.conf', '/etc/krb5.keytab', '/etc/NetworkManager/system-connections/wifi.nmconnection',
  '/var/lib/rancher/k3s/server/token', '/var/lib/kubelet/kubeconfig', '/var/lib/etcd/member/snap/db', '/var/www/html/wp-config.php',
  '/var/backups/shadow.bak', '/etc/pgbouncer/userlist.txt', '/etc/redis/redis.conf', '~/app/config/database.yml', '~/.pg_service.conf',
  '/var/lib/docker/containers/id/config.v2.json',
];

/**
 * With the home-relative ones also under another user's home (for patterns such as /home/$u/...),
 * and a backup copy of each, so that a pattern such as `~/.pgpass.*` is seen to reach one.
 */
const EXAMPLES: readonly string[] = SECRET_EXAMPLES.flatMap((example) => (example.startsWith('~/') ? [example, `/home/user${example.slice(1)}`] : [example])).flatMap((example) => [
  example,
  `${example}.bak`,
]);

/** Made-up project locations: only for matching patterns, never for "a directory holding secrets". */
const PROJECT_EXAMPLES: readonly string[] = ['~/app/.env', '/srv/app/.env', '/var/www/app/.env.production'];

/** A user's home, named by a segment that is not a run-time value (which may span several segments). */
const HOME = new RegExp(`^(?:/home/[^/${ANYTHING}]+|/Users/[^/${ANYTHING}]+|/root)(?=/|$)`);

/**
 * True when reading `path` (normalized, possibly with pattern markers) may expose a secret.
 * `recursive`: the reader descends into directories (grep -r, tar, cp -r). A path below any user's
 * home is judged as the same path below ~: /home/bob/.ssh and /home/$USER/.aws/credentials hold
 * what ~/.ssh and ~/.aws/credentials do.
 */
export function isSensitivePath(path: string, recursive: boolean): boolean {
  if (path === '' || path === ANYTHING) return false; // nothing known about it: judged elsewhere
  const inHome = path.replace(HOME, '~');
  return judge(path, recursive) || (inHome !== path && judge(inHome, recursive));
}

/** True when `path` (normalized, possibly a pattern) names a directory kept for secrets: ~/.ssh, /opt/svc/.aws, /run/secrets. */
export function isSecretDirectory(path: string): boolean {
  return [path, path.replace(HOME, '~')].some((candidate) => secretDirectory(isPattern(candidate) ? instance(candidate) : candidate));
}

function judge(path: string, recursive: boolean): boolean {
  if (!isPattern(path)) return staticSecret(path, recursive);
  const relative = !path.startsWith('/') && !path.startsWith('~');
  const source = patternRegex(path).source.slice(1, -1);
  const pattern = new RegExp(`^${relative ? '(.*/)?' : ''}${source}${recursive ? '(/.*)?' : ''}$`);
  // The examples show where a pattern reaches a known secret; one instance of it shows a pattern
  // whose fixed parts spell a secret wherever its wildcards land (/opt/*/.aws/credentials).
  return [...EXAMPLES, ...PROJECT_EXAMPLES].some((example) => pattern.test(example)) || staticSecret(instance(path), recursive);
}

function staticSecret(path: string, recursive: boolean): boolean {
  if (matchesSecret(path)) return true;
  return recursive && (EXAMPLES.some((example) => isInside(example, path)) || secretDirectory(path));
}

/** The pattern with each wildcard and run-time part standing for one plain name. */
function instance(path: string): string {
  return path.replaceAll(ANYTHING, 'x').replaceAll(ANY_NAME, 'x').replaceAll(ONE_CHAR, 'x');
}

/**
 * A directory named like one the examples keep secrets in, wherever it is: what they keep there,
 * put in this one, is a secret (a service's own /opt/svc/.aws/credentials). Only where the name is
 * what makes it one: a .key file is a secret in any directory, so it makes no directory secret.
 */
function secretDirectory(directory: string): boolean {
  const name = `/${directory.slice(directory.lastIndexOf('/') + 1)}/`;
  // any file at all (.ssh, .gnupg), or one the examples keep there (.aws/credentials)
  const insides = ['/x', ...EXAMPLES.filter((example) => example.includes(name)).map((example) => example.slice(example.lastIndexOf(name) + name.length - 1))];
  return insides.some((inside) => matchesSecret(directory + inside) && !matchesSecret(`/elsewhere${inside}`));
}

function isInside(example: string, directory: string): boolean {
  if (directory === '/') return example.startsWith('/');
  return example === directory || example.startsWith(directory.endsWith('/') ? directory : directory + '/');
}
