import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

const VALID_DAYS = 30;
const DEFAULT_NAMES = ['localhost', '127.0.0.1', '::1'];
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function isHostOrAddress(value: string): boolean {
  return isIP(value) !== 0 || (value.length <= 253 && HOST_NAME.test(value));
}

export interface DevCertificate {
  cert: string;
  key: string;
  names: string[];
  validTo: Date;
}

/** A self-signed server certificate for localhost, 127.0.0.1, ::1 and `hosts` (DNS names or addresses). */
export async function createDevCertificate(hosts: string[] = []): Promise<DevCertificate> {
  for (const host of hosts) {
    if (!isHostOrAddress(host)) throw new Error(`${host}: not a host name or IP address`);
  }
  const names = [...new Set([...DEFAULT_NAMES, ...hosts.map((h) => h.toLowerCase())])];
  const notBeforeDate = new Date();
  const validTo = new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000);
  // Loaded only for this command: the server does not need it.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Lectern development' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: validTo,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    ],
  });
  return { cert: pems.cert, key: pems.private, names, validTo };
}

/** Writes DIR/dev-cert.pem and DIR/dev-key.pem (the key readable by its owner only). */
export async function writeDevCertificate(outDir: string, hosts: string[]): Promise<{ certFile: string; keyFile: string } & DevCertificate> {
  const created = await createDevCertificate(hosts);
  const dir = path.resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const certFile = path.join(dir, 'dev-cert.pem');
  const keyFile = path.join(dir, 'dev-key.pem');
  writeFileSync(keyFile, created.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600); // an existing file keeps its mode on write
  writeFileSync(certFile, created.cert, { mode: 0o644 });
  return { certFile, keyFile, ...created };
}

const collectHost = (value: string, previous: string[] = []) => {
  if (!isHostOrAddress(value)) throw new InvalidArgumentError('Expected a host name (lectern.test, *.lectern.test) or an IP address.');
  return [...previous, value];
};

/** `lectern cert …`: certificates for trying HTTPS. */
export function certCommand(): Command {
  const cert = new Command('cert').description('TLS certificates');
  cert
    .command('dev')
    .description(`write a self-signed certificate and key for trying HTTPS (valid ${VALID_DAYS} days; not for production)`)
    .option('--out <dir>', 'directory to write dev-cert.pem and dev-key.pem to', './certs')
    .option('--host <name>', 'another host name or IP address the certificate is for; repeatable', collectHost)
    .action(async (opts: { out: string; host?: string[] }) => {
      const written = await writeDevCertificate(opts.out, opts.host ?? []);
      console.log(
        [
          `Wrote a self-signed certificate for ${written.names.join(', ')}, valid until ${written.validTo.toISOString().slice(0, 10)}:`,
          `  ${written.certFile}`,
          `  ${written.keyFile} (private key, readable by you only)`,
          'To serve HTTPS, set:',
          `  LECTERN_TLS_CERT=${written.certFile}`,
          `  LECTERN_TLS_KEY=${written.keyFile}`,
          'Browsers warn about a self-signed certificate; use it for development only.',
        ].join('\n'),
      );
    });
  return cert;
}
