import path from 'node:path';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** One configured location. `name` is what logs, metrics and `lectern storage status` show: never a secret. */
export type LocationSpec =
  | { kind: 'local'; name: string; root: string }
  | {
      kind: 's3';
      name: string;
      bucket: string;
      /** Prepended to every key ('' or ending in '/'). */
      prefix: string;
      /** undefined: AWS itself (https). */
      endpoint: string | undefined;
      region: string;
      pathStyle: boolean;
      /** undefined: the AWS default chain (environment, profile, instance role). */
      credentials: S3Credentials | undefined;
    };

export interface StorageConfig {
  locations: LocationSpec[];
  /** How many locations must hold a blob durably before a write is acknowledged (1..locations). */
  writeQuorum: number;
  /** Where a put spools the sealed bytes before copying them to the locations. */
  spoolDir: string;
}

const S3_OPTIONS = new Set(['endpoint', 'region', 'pathStyle']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Whether an endpoint may be plain HTTP: only on this machine (tests, a local gateway). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.startsWith('127.');
}

function parseS3(spec: string, index: number, credentials: S3Credentials | undefined, problems: string[]): LocationSpec | undefined {
  const where = `LECTERN_STORAGE (location ${index + 1})`;
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    problems.push(`${where}: not a valid s3:// address; expected s3://bucket/prefix?endpoint=https://host:port&region=eu-central-1&pathStyle=true`);
    return undefined;
  }
  // Keys in the list would be logged with it; they come from LECTERN_S3_ACCESS_KEY_ID/_SECRET_ACCESS_KEY.
  if (url.username || url.password) {
    problems.push(`${where}: must not contain credentials; set LECTERN_S3_ACCESS_KEY_ID and LECTERN_S3_SECRET_ACCESS_KEY (or their _FILE variants)`);
    return undefined;
  }
  const bucket = url.hostname;
  if (!BUCKET.test(bucket)) {
    problems.push(`${where}: the bucket ${JSON.stringify(bucket)} is not a valid bucket name`);
    return undefined;
  }
  for (const key of url.searchParams.keys()) {
    if (!S3_OPTIONS.has(key)) problems.push(`${where}: unknown option ${JSON.stringify(key)}; allowed: endpoint, region, pathStyle`);
  }
  const prefixPath = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  if (prefixPath.split('/').some((part) => part === '..' || part === '.') || prefixPath.includes('\\')) {
    problems.push(`${where}: the key prefix must not contain "." or ".." segments or backslashes`);
    return undefined;
  }
  const prefix = prefixPath === '' ? '' : `${prefixPath}/`;
  const pathStyleValue = url.searchParams.get('pathStyle') ?? 'false';
  if (!['true', 'false'].includes(pathStyleValue)) problems.push(`${where}: pathStyle must be true or false`);
  const region = url.searchParams.get('region') ?? 'us-east-1';
  const endpointValue = url.searchParams.get('endpoint') ?? undefined;
  let endpoint: URL | undefined;
  if (endpointValue !== undefined) {
    try {
      endpoint = new URL(endpointValue);
    } catch {
      problems.push(`${where}: endpoint is not a valid address; expected https://host[:port]`);
      return undefined;
    }
    if (endpoint.username || endpoint.password) {
      problems.push(`${where}: the endpoint must not contain credentials; set LECTERN_S3_ACCESS_KEY_ID and LECTERN_S3_SECRET_ACCESS_KEY`);
      return undefined;
    }
    // Stored files and the requests' signatures cross the network: TLS, except to this machine.
    if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && isLoopbackHost(endpoint.hostname))) {
      problems.push(`${where}: the endpoint must be an https:// address (plain http only on a loopback address)`);
      return undefined;
    }
  }
  const host = endpoint ? endpoint.host : `s3.${region}.amazonaws.com`;
  return {
    kind: 's3',
    name: `s3://${bucket}/${prefix}@${host}`,
    bucket,
    prefix,
    endpoint: endpoint ? endpoint.origin : undefined,
    region,
    pathStyle: pathStyleValue === 'true',
    credentials,
  };
}

/**
 * Parses LECTERN_STORAGE: comma-separated locations, `local:/path` or `s3://bucket/prefix?…`.
 * Unset: one local location under DATA_DIR (the one-command default). Problems name the variable
 * and the location's position, never a value that could hold a secret.
 */
export function parseStorageConfig(
  settings: { storage: string | undefined; writeQuorum: number | undefined; dataDir: string; credentials: S3Credentials | undefined },
  problems: string[],
  warnings: string[],
): StorageConfig {
  const specs = (settings.storage ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const locations: LocationSpec[] = [];
  if (specs.length === 0) {
    locations.push({ kind: 'local', name: `local:${path.join(settings.dataDir, 'blobs')}`, root: path.join(settings.dataDir, 'blobs') });
    warnings.push(
      `LECTERN_STORAGE: not set; files are kept in one local location (${path.join(settings.dataDir, 'blobs')}) and are NOT replicated; configure two or more locations (see docs/storage.md)`,
    );
  }
  specs.forEach((spec, index) => {
    if (spec.startsWith('local:')) {
      const root = spec.slice('local:'.length);
      if (!path.isAbsolute(root)) {
        problems.push(`LECTERN_STORAGE (location ${index + 1}): ${JSON.stringify(spec)} must name an absolute directory, e.g. local:/srv/lectern/blobs`);
        return;
      }
      locations.push({ kind: 'local', name: `local:${path.resolve(root)}`, root: path.resolve(root) });
    } else if (spec.startsWith('s3://')) {
      const location = parseS3(spec, index, settings.credentials, problems);
      if (location) locations.push(location);
    } else {
      problems.push(`LECTERN_STORAGE (location ${index + 1}): unknown kind of location; expected local:/absolute/path or s3://bucket/prefix?endpoint=…`);
    }
  });
  const names = locations.map((l) => l.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) problems.push(`LECTERN_STORAGE: the location ${twice} is listed twice`);
  if (specs.length === 1 && locations.length === 1) {
    warnings.push(`LECTERN_STORAGE: only one location (${locations[0]!.name}); files are NOT replicated; configure two or more locations`);
  }
  const count = Math.max(locations.length, 1);
  const writeQuorum = settings.writeQuorum ?? Math.min(2, count);
  if (writeQuorum < 1 || writeQuorum > count) {
    problems.push(`LECTERN_STORAGE_WRITE_QUORUM=${writeQuorum}: must be between 1 and the number of locations (${count})`);
  }
  return { locations, writeQuorum, spoolDir: path.join(settings.dataDir, 'tmp') };
}
