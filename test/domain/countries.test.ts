import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import countries from 'i18n-iso-countries';
import { COUNTRIES, isCountry } from '../../src/domain/countries.ts';

describe('COUNTRIES', () => {
  it('is the current ISO 3166-1 alpha-2 list of i18n-iso-countries, sorted (regenerate it when this fails)', () => {
    assert.deepEqual([...COUNTRIES], Object.keys(countries.getAlpha2Codes()).sort());
  });

  it('has no withdrawn codes', () => {
    for (const withdrawn of ['DD', 'SU', 'UK', 'FX', 'YU', 'AN', 'CS', 'TP', 'ZR', 'EU'])
      assert.equal(isCountry(withdrawn), false, withdrawn);
  });

  it('gives every country one name of its own in English and Danish', () => {
    for (const language of ['en', 'da']) {
      const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
      const all = COUNTRIES.map((c) => names.of(c));
      for (const [i, name] of all.entries())
        assert.ok(name && name !== COUNTRIES[i], `${COUNTRIES[i]} has a name`);
      assert.equal(new Set(all).size, all.length, `no two countries share a name in ${language}`);
    }
  });

  it('takes codes in any case', () => {
    assert.equal(isCountry('dk'), true);
    assert.equal(isCountry('DK'), true);
    assert.equal(isCountry('XX'), false);
  });
});
