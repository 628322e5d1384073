import { describe, expect, it } from 'vitest';
import { weighLocationEvidence } from './location-evidence.js';

describe('weighLocationEvidence', () => {
  it('names the country two pieces agree on', () => {
    expect(
      weighLocationEvidence([
        { kind: 'billing_address', country: 'DE' },
        { kind: 'ip_address', country: 'de' },
      ]),
    ).toEqual({
      country: 'DE',
      agreeing: 2,
      conflicting: false,
      pieces: [
        { kind: 'billing_address', country: 'DE' },
        { kind: 'ip_address', country: 'DE' },
      ],
    });
  });

  it('names the country most pieces agree on, and says another piece conflicts', () => {
    expect(
      weighLocationEvidence([
        { kind: 'billing_address', country: 'AT' },
        { kind: 'ip_address', country: 'DE' },
        { kind: 'card_country', country: 'AT' },
      ]),
    ).toMatchObject({ country: 'AT', agreeing: 2, conflicting: true });
  });

  it('says when there is only one piece', () => {
    expect(weighLocationEvidence([{ kind: 'card_country', country: 'FR' }])).toEqual({
      country: 'FR',
      agreeing: 1,
      conflicting: false,
      pieces: [{ kind: 'card_country', country: 'FR' }],
    });
  });

  it('names no country when the pieces disagree evenly', () => {
    expect(
      weighLocationEvidence([
        { kind: 'billing_address', country: 'DE' },
        { kind: 'ip_address', country: 'FR' },
      ]),
    ).toMatchObject({ country: null, agreeing: 0, conflicting: true });
    expect(
      weighLocationEvidence([
        { kind: 'billing_address', country: 'DE' },
        { kind: 'bank_country', country: 'DE' },
        { kind: 'ip_address', country: 'FR' },
        { kind: 'card_country', country: 'FR' },
      ]),
    ).toMatchObject({ country: null, agreeing: 0, conflicting: true });
  });

  it('counts two pieces of the same kind as one', () => {
    expect(
      weighLocationEvidence([
        { kind: 'ip_address', country: 'DE' },
        { kind: 'ip_address', country: 'DE' },
      ]),
    ).toMatchObject({ country: 'DE', agreeing: 1, conflicting: false });
  });

  it('leaves out pieces without a country or with something else than two letters', () => {
    expect(
      weighLocationEvidence([
        { kind: 'billing_address', country: null },
        { kind: 'ip_address', country: 'XX' },
        { kind: 'card_country', country: 'DEU' },
        { kind: 'bank_country', country: '1A' },
        { kind: 'bank_country', country: '' },
        { kind: 'card_country', country: ' se ' },
      ]),
    ).toEqual({ country: 'SE', agreeing: 1, conflicting: false, pieces: [{ kind: 'card_country', country: 'SE' }] });
  });

  it('names nothing without evidence', () => {
    expect(weighLocationEvidence([])).toEqual({ country: null, agreeing: 0, conflicting: false, pieces: [] });
  });
});
