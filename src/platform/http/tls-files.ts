import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The HTTPS listener's certificate (with its chain) and private key, read and checked at start-up. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** PEM: the server certificate first, then any intermediates (e.g. Let's Encrypt's fullchain.pem). */
  cert: string;
  key: string;
  /** When the server certificate stops being valid. */
  validTo: Date;
}

function read(variable: string, file: string, problems: string[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return undefined;
  }
}

/**
 * Reads `<prefix>_CERT` and `<prefix>_KEY` (LECTERN_TLS_CERT and LECTERN_TLS_KEY by default): both
 * or neither, each a readable PEM file, and the key must belong to the certificate. Every problem
 * is pushed naming its variable.
 */
export function readTlsFiles(
  certPath: string | undefined,
  keyPath: string | undefined,
  problems: string[],
  prefix = 'LECTERN_TLS',
): TlsFiles | undefined {
  if (!certPath && !keyPath) return undefined;
  const certVar = `${prefix}_CERT`;
  const keyVar = `${prefix}_KEY`;
  if (!certPath || !keyPath) {
    const [missing, given] = certPath ? [keyVar, certVar] : [certVar, keyVar];
    problems.push(`${missing}: required when ${given} is set; expected the path of a PEM file (set both or neither)`);
    return undefined;
  }
  const certFile = path.resolve(certPath);
  const keyFile = path.resolve(keyPath);
  const cert = read(certVar, certFile, problems);
  const key = read(keyVar, keyFile, problems);
  if (cert === undefined || key === undefined) return undefined;

  let certificate: X509Certificate | undefined;
  let privateKey: KeyObject | undefined;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    problems.push(`${certVar}: ${certFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  try {
    privateKey = createPrivateKey(key);
  } catch {
    problems.push(`${keyVar}: ${keyFile} holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)`);
  }
  if (!certificate || !privateKey) return undefined;
  if (!certificate.checkPrivateKey(privateKey)) {
    problems.push(`${keyVar}: ${keyFile} is not the private key of the certificate in ${certFile}`);
    return undefined;
  }
  return { certFile, keyFile, cert, key, validTo: new Date(certificate.validTo) };
}
