import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidTimeZone } from '../domain/dates.ts';
import { validateTaxId } from '../domain/tax-id.ts';
import { countries, type Country } from './locales.ts';
import { generateCustomerProfile, slug } from './people.ts';
import { createRandom } from './random.ts';

const perCountry = 300;
const profiles = countries.flatMap((country) =>
  Array.from({ length: perCountry }, (_, seed) => generateCustomerProfile(createRandom(seed), country, '2026-11-22')),
);
const of = (country: Country) => profiles.filter((p) => p.country === country);

const expected: Record<Country, { language: string; currency: string; zone: RegExp; dial: string }> = {
  BR: { language: 'pt-BR', currency: 'BRL', zone: /^America\/(Sao_Paulo|Bahia|Recife|Fortaleza|Belem|Manaus|Cuiaba|Campo_Grande)$/, dial: '+55' },
  MX: { language: 'es', currency: 'MXN', zone: /^America\/(Mexico_City|Monterrey|Tijuana|Cancun|Merida|Hermosillo|Chihuahua)$/, dial: '+52' },
  ES: { language: 'es', currency: 'EUR', zone: /^(Europe\/Madrid|Atlantic\/Canary)$/, dial: '+34' },
  US: { language: 'en', currency: 'USD', zone: /^America\/(New_York|Chicago|Denver|Phoenix|Los_Angeles)$/, dial: '+1' },
};

describe('demo customer profiles', () => {
  it('carry a valid tax id of the right kind: companies CNPJ/RFC/CIF/EIN, individuals CPF/RFC/DNI', () => {
    for (const profile of profiles) {
      const result = validateTaxId(profile.country, profile.taxId);
      assert.ok(result.ok, `${profile.country} ${profile.taxId}: ${result.ok ? '' : result.reason}`);
      if (profile.kind === 'company') assert.equal(result.partyType, 'business', profile.taxId);
      else if (profile.country !== 'US') assert.equal(result.partyType, 'consumer', profile.taxId);
    }
    assert.ok(of('BR').some((p) => p.kind === 'individual') && of('BR').some((p) => p.kind === 'company'));
  });

  it("speak the country's language, bill in its currency and live in one of its time zones", () => {
    for (const profile of profiles) {
      const want = expected[profile.country];
      if (profile.country !== 'US') assert.equal(profile.language, want.language);
      assert.equal(profile.currency, want.currency);
      assert.match(profile.timezone, want.zone);
      assert.ok(isValidTimeZone(profile.timezone));
    }
    // Some Spanish-speaking businesses in the United States, most in English.
    const spanish = of('US').filter((p) => p.language === 'es').length;
    assert.ok(spanish > 0 && spanish < perCountry / 4, `${spanish} Spanish-speaking US customers`);
  });

  it('give phones in E.164 with the country code; Brazilian WhatsApp numbers are mobiles (9 + 8 digits)', () => {
    for (const profile of profiles) {
      for (const number of [profile.phone, profile.whatsapp].filter(Boolean)) {
        assert.match(number, /^\+[1-9]\d{7,14}$/);
        assert.ok(number.startsWith(expected[profile.country].dial), number);
      }
      if (profile.country === 'BR' && profile.whatsapp) assert.match(profile.whatsapp, /^\+55[1-9]\d9\d{8}$/);
      if (profile.country === 'MX') for (const n of [profile.phone, profile.whatsapp].filter(Boolean)) assert.match(n, /^\+52\d{10}$/);
      if (profile.country === 'ES') for (const n of [profile.phone, profile.whatsapp].filter(Boolean)) assert.match(n, /^\+34[6-9]\d{8}$/);
      // The range the North American numbering plan keeps for fiction.
      if (profile.country === 'US') for (const n of [profile.phone, profile.whatsapp].filter(Boolean)) assert.match(n, /^\+1\d{3}55501\d{2}$/);
    }
    assert.ok(of('BR').filter((p) => p.whatsapp).length > of('US').filter((p) => p.whatsapp).length * 3, 'WhatsApp is far more common in Brazil');
  });

  it('reach everyone somehow, and never at a real e-mail domain', () => {
    for (const profile of profiles) {
      assert.ok(profile.email || profile.phone || profile.whatsapp, profile.name);
      if (profile.email) assert.match(profile.email, /^[a-z0-9.]+@[a-z0-9]+(\.[a-z0-9]+)*\.example$/);
    }
  });

  it('name companies the way each country does', () => {
    const suffixes: Record<Country, RegExp> = {
      BR: / (Ltda\.?|ME|EPP|S\.A\.)$/,
      MX: / (S\.A\. de C\.V\.|S\. de R\.L\. de C\.V\.|S\.A\.P\.I\. de C\.V\.)$/,
      ES: / (S\.L\.|S\.L\.U\.|S\.A\.|S\.Coop\.)$/,
      US: /,? (LLC|Inc\.|Co\.|Corp\.)$/,
    };
    for (const profile of profiles.filter((p) => p.kind === 'company')) assert.match(profile.name, suffixes[profile.country]);
    for (const profile of profiles.filter((p) => p.kind === 'individual')) assert.doesNotMatch(profile.name, /Ltda|S\.A\.|LLC|S\.L\./);
  });

  it('slugs drop accents and punctuation', () => {
    assert.equal(slug('Pão de Mel'), 'paodemel');
    assert.equal(slug("O'Brien & Sons"), 'obriensons');
  });
});
