import type { Readable } from 'node:stream';
import type { Actor } from '../audit/actor-event.js';
import type { Db } from '../db/client.js';
import { readAtMost } from '../http/binary-body.js';
import { AppError } from '../http/errors.js';
import type { BlobStore } from '../storage/blob-store.js';
import { imageSize, sniffImage } from '../storage/image-kind.js';
import { changeSettings } from '../tenancy/change-settings.js';
import { settingsOf, type TenantSettingsInput } from '../tenancy/tenant-settings.js';
import { LOGO_MAX_BYTES, LOGO_MAX_PX, LOGO_MIN_PX, type BrandingSettings, type LogoRef, type PublicBranding } from './branding.contract.js';

type SiteOf = { name: string; settings: object };

export function brandingOf(tenant: { settings: object }): BrandingSettings {
  return settingsOf(tenant).branding;
}

/** The name the site goes by: the branded one, or the tenant's own. */
export function siteNameOf(tenant: SiteOf): string {
  return brandingOf(tenant).siteName || tenant.name;
}

/** The address of the logo, with a version that changes with the image (for caches). */
export function logoUrlOf(logo: LogoRef): string {
  return `/api/branding/logo?v=${logo.hash.slice(0, 16)}`;
}

export function publicBrandingOf(tenant: SiteOf): PublicBranding {
  const branding = brandingOf(tenant);
  return {
    siteName: siteNameOf(tenant),
    primaryColour: branding.primaryColour || null,
    logo: branding.logo ? { url: logoUrlOf(branding.logo), width: branding.logo.width, height: branding.logo.height } : null,
  };
}

function tooLarge(): AppError {
  return new AppError('BRANDING_LOGO_TOO_LARGE', [{ field: 'body', message: { en: `The logo may be at most ${LOGO_MAX_BYTES / 1024} KiB.`, de: `Das Logo darf höchstens ${LOGO_MAX_BYTES / 1024} KiB groß sein.` } }]);
}

function notImage(): AppError {
  return new AppError('BRANDING_LOGO_NOT_IMAGE', [{ field: 'body', message: { en: 'Send a PNG, JPEG or WebP image.', de: 'Senden Sie ein PNG-, JPEG- oder WebP-Bild.' } }]);
}

/** What a logo's bytes are, checked before anything is stored: a raster image of a sane size. */
export function checkLogo(bytes: Buffer): Omit<LogoRef, 'hash'> {
  const kind = sniffImage(bytes);
  const size = kind && imageSize(bytes, kind);
  if (!kind || !size) throw notImage();
  const fits = (side: number) => side >= LOGO_MIN_PX && side <= LOGO_MAX_PX;
  if (!fits(size.width) || !fits(size.height)) {
    throw new AppError('BRANDING_LOGO_DIMENSIONS', [
      {
        field: 'body',
        message: {
          en: `The image is ${size.width} × ${size.height} pixels; each side must be ${LOGO_MIN_PX} to ${LOGO_MAX_PX}.`,
          de: `Das Bild ist ${size.width} × ${size.height} Pixel groß; jede Seite muss ${LOGO_MIN_PX} bis ${LOGO_MAX_PX} Pixel haben.`,
        },
      },
    ]);
  }
  return { mediaType: kind.mediaType, width: size.width, height: size.height };
}

function withLogo(stored: TenantSettingsInput, logo: LogoRef | undefined): TenantSettingsInput {
  const { logo: _previous, ...branding } = (stored.branding ?? {}) as Record<string, unknown>;
  return { ...stored, branding: logo ? { ...branding, logo } : branding };
}

/**
 * Makes the body the site's logo: read up to the limit, checked, stored as a blob, referred to
 * from the branding settings, audited. A refused body stores nothing; the previous logo's blob
 * is left to the store's collector.
 */
export async function replaceLogo(db: Db, storage: BlobStore, tenantId: string, actor: Actor, body: Readable | undefined, contentLength: string | undefined): Promise<LogoRef> {
  const bytes = body ? await readAtMost(body, LOGO_MAX_BYTES, tooLarge, contentLength) : Buffer.alloc(0);
  const checked = checkLogo(bytes);
  const blob = await storage.put(tenantId, bytes, { maxBytes: LOGO_MAX_BYTES });
  const logo: LogoRef = { hash: blob.hash, ...checked };
  await changeSettings(db, tenantId, actor, (stored) => withLogo(stored, logo), { branding: { logo } });
  return logo;
}

export async function removeLogo(db: Db, tenantId: string, actor: Actor): Promise<void> {
  await changeSettings(db, tenantId, actor, (stored) => withLogo(stored, undefined), { branding: { logo: null } });
}

/** The logo's bytes and what they are; BRANDING_LOGO_NOT_FOUND when the site has none. */
export async function readLogo(storage: BlobStore, tenant: SiteOf & { id: string }): Promise<{ logo: LogoRef; bytes: Buffer }> {
  const logo = brandingOf(tenant).logo;
  if (!logo) throw new AppError('BRANDING_LOGO_NOT_FOUND');
  const bytes = await readAtMost(await storage.get(tenant.id, logo.hash), LOGO_MAX_BYTES, tooLarge);
  return { logo, bytes };
}
