import type { ReportBuilder } from './validation-report.js';

/**
 * Reads typed values from attribute or element text. A value that is present but invalid is
 * reported as a warning (LEARN_MANIFEST_INVALID_VALUE) and the default applies, as the
 * schemas' defaults would for a missing one.
 */
export class ValueReader {
  constructor(
    private readonly report: ReportBuilder,
    private readonly where: string,
  ) {}

  boolean(raw: string | undefined, name: string, fallback: boolean): boolean {
    if (raw === undefined) return fallback;
    const value = raw.trim();
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return this.invalid(name, raw, fallback);
  }

  decimal(raw: string | undefined, name: string, fallback: number, min = -Infinity, max = Infinity): number {
    return this.optionalDecimal(raw, name, min, max) ?? fallback;
  }

  optionalDecimal(raw: string | undefined, name: string, min = -Infinity, max = Infinity): number | null {
    if (raw === undefined) return null;
    const value = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(raw) ? Number(raw) : NaN;
    if (Number.isFinite(value) && value >= min && value <= max) return value;
    return this.invalid(name, raw, null);
  }

  integer(raw: string | undefined, name: string, fallback: number, min = 0): number {
    return this.optionalInteger(raw, name, min) ?? fallback;
  }

  optionalInteger(raw: string | undefined, name: string, min = 0): number | null {
    if (raw === undefined) return null;
    const value = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (Number.isSafeInteger(value) && value >= min) return value;
    return this.invalid(name, raw, null);
  }

  /** One of `allowed` (compared as written); anything else is reported and the fallback applies. */
  oneOf<T extends string>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
    if (raw === undefined) return fallback;
    const value = raw.trim() as T;
    return allowed.includes(value) ? value : this.invalid(name, raw, fallback);
  }

  private invalid<T>(name: string, raw: string, fallback: T): T {
    this.report.warning('LEARN_MANIFEST_INVALID_VALUE', this.where, `${name}="${raw}"`);
    return fallback;
  }
}

