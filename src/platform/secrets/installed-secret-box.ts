import type { SecretBox } from './secret-box.js';

/**
 * The server's secret box. One per process, like the key file it comes from: repositories that
 * store sealed values use it without every caller passing it along. buildApp() installs it.
 */
let installed: SecretBox | undefined;

export function installSecretBox(box: SecretBox): void {
  installed = box;
}

export function secretBox(): SecretBox {
  if (!installed) throw new Error('no secret key loaded: buildApp() installs it from LECTERN_SECRET_KEY_FILE');
  return installed;
}
