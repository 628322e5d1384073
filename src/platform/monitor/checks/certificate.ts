import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorMessage, type CheckResult } from '../check.js';

/** Days until each configured certificate expires (the first certificate of the PEM file: the server's own). */
export async function checkCertificates(files: readonly { which: string; file: string }[], now: () => Date = () => new Date()): Promise<CheckResult[]> {
  return Promise.all(
    files.map(async ({ which, file }): Promise<CheckResult> => {
      const component = `certificate:${which}`;
      try {
        const certificate = new X509Certificate(await readFile(file));
        const expires = new Date(certificate.validTo);
        const days = Math.floor(((expires.getTime() - now().getTime()) / 86_400_000) * 10) / 10;
        return { component, status: 'ok', values: { days_left: days }, message: `${file} (${certificate.subject.replace(/\n/g, ', ')}) valid until ${expires.toISOString()}` };
      } catch (error) {
        return { component, status: 'unknown', values: {}, message: `cannot read ${file}: ${errorMessage(error)}` };
      }
    }),
  );
}
