// Makes sure the SSH remoting tests have an OpenSSH server and client: sshd, ssh (PowerShell's SSH
// transport runs it) and ssh-keygen. Present: nothing happens (a few ms). Missing: Debian's
// openssh-server / openssh-client are installed with apt-get, as root or through password-less sudo;
// otherwise the script fails and says what to install. The server is never started as a service:
// the tests run sshd themselves, with a configuration, keys and port of their own.
//
// Why apt-get and not the package unpacked into .cache: Debian's sshd running as root needs its
// privilege separation account and folder, which only the package's installation makes, and it
// links against libraries (PAM, libwrap) that only the package's dependencies bring.
//
//   node scripts/ssh/ensure-sshd.mjs          installs what is missing, says what it uses
//   node scripts/ssh/ensure-sshd.mjs --json   the same, then {"sshd", "ssh", "sshKeygen", "version"} on stdout
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debInstalled, installDebianPackages, which } from '../vscode/ensure-runtime.mjs';

const json = process.argv.includes('--json');
const log = (msg) => (json ? console.error : console.log)(`[sshd] ${msg}`);

/** Debian puts sshd in /usr/sbin, which is not on every user's PATH. */
function findSshd() {
  return which('sshd') ?? ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => fs.existsSync(p));
}

function tools() {
  return { sshd: findSshd(), ssh: which('ssh'), sshKeygen: which('ssh-keygen') };
}

export function ensureSshd() {
  let found = tools();
  const missing = [];
  if (!found.sshd && !debInstalled('openssh-server')) missing.push('openssh-server');
  if ((!found.ssh || !found.sshKeygen) && !debInstalled('openssh-client')) missing.push('openssh-client');
  if (missing.length) {
    installDebianPackages(missing, { say: log, provides: 'sshd, ssh and ssh-keygen for the SSH remoting tests' });
    found = tools();
  }
  const absent = Object.entries(found).filter(([, p]) => !p);
  if (absent.length) {
    throw new Error(
      `${absent.map(([name]) => name).join(', ')} not found although openssh-server and openssh-client are installed: ` +
        'install OpenSSH (server and client) so that sshd, ssh and ssh-keygen can run.',
    );
  }
  // `ssh -V` prints the version sshd shares, on stderr.
  const version = versionOf(found.ssh);
  log(`${found.sshd}, ${found.ssh}, ${found.sshKeygen} (${version})`);
  return { ...found, version };
}

function versionOf(ssh) {
  const r = spawnSync(ssh, ['-V'], { encoding: 'utf8' });
  return `${r.stderr ?? ''}${r.stdout ?? ''}`.trim() || 'unknown version';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const found = ensureSshd();
    if (json) console.log(JSON.stringify(found));
  } catch (e) {
    console.error(`[sshd] FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
