import { statfs } from 'node:fs/promises';
import type { Registry } from 'prom-client';
import type { Config } from '../../config.js';
import { cachedProbe, registerScrapeGauge, type Sample } from './scrape-gauge.js';

interface Volume {
  /** What the directory is for: data (DATA_DIR), files (staging), storage (a local blob location). */
  use: 'data' | 'files' | 'storage';
  path: string;
}

/** The directories this node writes to: DATA_DIR, the staging directory and each local storage location. */
export function watchedDirectories(config: Pick<Config, 'dataDir' | 'filesDir' | 'storage'>): Volume[] {
  return [
    { use: 'data', path: config.dataDir },
    { use: 'files', path: config.filesDir },
    ...config.storage.locations.flatMap((location) => (location.kind === 'local' ? [{ use: 'storage' as const, path: location.root }] : [])),
  ];
}

interface Space {
  volume: Volume;
  freeBytes: number;
  sizeBytes: number;
}

/** Free space as an unprivileged writer sees it (blocks available to non-root); a directory that cannot be read is left out. */
async function readSpace(volumes: Volume[]): Promise<Space[]> {
  const read = await Promise.all(
    volumes.map(async (volume) => {
      try {
        const stats = await statfs(volume.path);
        return { volume, freeBytes: stats.bavail * stats.bsize, sizeBytes: stats.blocks * stats.bsize };
      } catch {
        return undefined;
      }
    }),
  );
  return read.filter((space): space is Space => space !== undefined);
}

/** Free disk of each directory this node writes to, read at most every 10 s. */
export function registerDiskMetrics(registry: Registry, config: Pick<Config, 'dataDir' | 'filesDir' | 'storage'>): void {
  const space = cachedProbe(10_000, 2_000, () => readSpace(watchedDirectories(config)));
  const samples = async (value: (space: Space) => number): Promise<Sample[]> =>
    ((await space()) ?? []).map((s) => ({ labels: { use: s.volume.use, path: s.volume.path }, value: value(s) }));
  registerScrapeGauge(registry, 'lectern_disk_free_bytes', 'Bytes free for the service on the file system of each directory it writes to, by use (data, files, storage) and path', () =>
    samples((s) => s.freeBytes),
  );
  registerScrapeGauge(registry, 'lectern_disk_size_bytes', 'Size of the file system of each directory the service writes to', () => samples((s) => s.sizeBytes));
  registerScrapeGauge(registry, 'lectern_disk_free_ratio', 'Share of the file system free for the service (0..1), by use and path', () =>
    samples((s) => (s.sizeBytes > 0 ? s.freeBytes / s.sizeBytes : 0)),
  );
}
