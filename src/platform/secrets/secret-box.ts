import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync } from 'node:fs';
import { ConfigError, type Config } from '../../config.js';
import { writeNewSecretFile } from '../secret-file.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 's1';

/**
 * Seals secrets the server must read back (TOTP seeds) with AES-256-GCM under a key kept outside
 * the database, so that a copy of the database or of its backups yields none of them. Each sealed
 * value names its key (`s1:<key id>:<iv>:<ciphertext and tag>`) and is bound to a context (the
 * owner's id): a value copied to another row does not open.
 */
export class SecretBox {
  /** First 8 hex digits of the key's SHA-256: tells which key sealed a value, reveals nothing of it. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`a secret key has ${KEY_BYTES} bytes, not ${key.length}`);
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}:`);
  }

  /** The id of the key that sealed `value`, or undefined when it is not sealed. */
  static keyIdOf(value: string): string | undefined {
    return SecretBox.isSealed(value) ? value.split(':')[1] : undefined;
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [PREFIX, this.keyId, iv.toString('base64url'), body.toString('base64url')].join(':');
  }

  /** Opens a sealed value; throws when another key sealed it, or it was altered or moved to another context. */
  open(sealed: string, context: string): string {
    const [prefix, keyId, iv, body] = sealed.split(':');
    if (prefix !== PREFIX || !keyId || !iv || !body) throw new Error('not a sealed value');
    if (keyId !== this.keyId) throw new Error(`sealed with key ${keyId}; this server has key ${this.keyId}`);
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/**
 * The key in `file` (base64, one line), made on first use when the file does not exist. The new
 * key is written to a file of its own and then linked into place, which fails when the file
 * exists: two processes starting at once end up with the same, complete key.
 */
export function loadOrCreateSecretKey(file: string): Buffer {
  const draft = `${file}.${randomBytes(6).toString('hex')}.new`;
  try {
    writeNewSecretFile(draft, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file}: expected ${KEY_BYTES} bytes in base64, found ${key.length}`);
  return key;
}

/** The secret box of this server's key file; an unreadable or malformed file stops start-up with a clear message. */
export function openSecretBox(config: Pick<Config, 'secretKeyFile'>): SecretBox {
  try {
    return new SecretBox(loadOrCreateSecretKey(config.secretKeyFile));
  } catch (error) {
    throw new ConfigError([`LECTERN_SECRET_KEY_FILE: cannot use ${config.secretKeyFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
}
