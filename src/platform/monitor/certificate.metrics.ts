import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Registry } from 'prom-client';
import type { Config } from '../../config.js';
import { cachedProbe, registerScrapeGauge } from './scrape-gauge.js';

interface CertificateFile {
  /** Which listener serves it: app (LECTERN_TLS_CERT) or content (LECTERN_CONTENT_TLS_CERT). */
  listener: 'app' | 'content';
  file: string;
}

export function certificateFiles(config: Pick<Config, 'tls' | 'content'>): CertificateFile[] {
  return [
    ...(config.tls ? [{ listener: 'app' as const, file: config.tls.certFile }] : []),
    ...(config.content.tls ? [{ listener: 'content' as const, file: config.content.tls.certFile }] : []),
  ];
}

/**
 * The certificate files as they are on disk now (a renewal shows at once; the listeners take it
 * on SIGHUP): the first certificate of each file is the server's, the rest its chain.
 */
async function readExpiries(files: CertificateFile[]): Promise<{ file: CertificateFile; notAfter: Date }[]> {
  const read = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, notAfter: new Date(new X509Certificate(await readFile(file.file)).validTo) };
      } catch {
        return undefined;
      }
    }),
  );
  return read.filter((entry) => entry !== undefined);
}

/** Seconds until each configured TLS certificate expires (negative once expired), read at most every 60 s. */
export function registerCertificateMetrics(registry: Registry, config: Pick<Config, 'tls' | 'content'>): void {
  const files = certificateFiles(config);
  const expiries = cachedProbe(60_000, 2_000, () => readExpiries(files));
  registerScrapeGauge(registry, 'lectern_tls_certificate_expiry_seconds', 'Seconds until the TLS certificate in each configured file stops being valid (negative: expired), by listener and file', async () =>
    ((await expiries()) ?? []).map(({ file, notAfter }) => ({ labels: { listener: file.listener, file: file.file }, value: (notAfter.getTime() - Date.now()) / 1000 })),
  );
  registerScrapeGauge(registry, 'lectern_tls_certificate_not_after_timestamp_seconds', 'When the TLS certificate in each configured file expires (Unix time)', async () =>
    ((await expiries()) ?? []).map(({ file, notAfter }) => ({ labels: { listener: file.listener, file: file.file }, value: notAfter.getTime() / 1000 })),
  );
}
