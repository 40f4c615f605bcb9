import { addDays, type IsoDate } from '../domain/dates.ts';
import { locales, segmentWeights, type Country, type Locale, type Region, type Segment } from './locales.ts';
import type { Random } from './random.ts';
import { generateCif, generateCnpj, generateCompanyRfc, generateCpf, generateDni, generateEin, generatePersonRfc } from './tax-ids.ts';

/**
 * Plausible customers per country: a company ("Padaria Pão de Mel Ltda", "Abarrotes La
 * Esperanza S.A. de C.V.") or an individual ("Maria Aparecida Souza"), with a tax id that
 * passes its check digits, a phone plan that matches the region and its time zone.
 *
 * E-mail addresses use the reserved `.example` top-level domain (RFC 2606) and United States
 * numbers the 555-01xx range set aside for fiction, so a demo wired to a real mail server can
 * never write to a real person. Other countries have no such range; their numbers are only
 * well formed.
 */
export interface PersonName {
  readonly given: string;
  readonly paternal: string;
  /** Second surname (Spanish-speaking countries, often in Brazil); empty when there is none. */
  readonly maternal: string;
  readonly full: string;
  readonly female: boolean;
}

export interface CustomerProfile {
  readonly kind: 'company' | 'individual';
  readonly name: string;
  /** As people write it: "123.456.789-09", "12-3456789", "B28123456". */
  readonly taxId: string;
  readonly country: Country;
  readonly language: Locale['language'];
  readonly currency: Locale['currency'];
  readonly timezone: string;
  readonly segment: Segment;
  /** E.164, or '' when the customer gave none. */
  readonly email: string;
  readonly phone: string;
  readonly whatsapp: string;
  /** Domain further contacts of a company share. */
  readonly mailDomain: string;
  readonly areaCode: string;
}

export function personName(random: Random, locale: Locale): PersonName {
  const female = random.chance(0.5);
  let given = random.pick(female ? locale.femaleNames : locale.maleNames);
  const paternal = random.pick(locale.surnames);
  let maternal = '';
  switch (locale.country) {
    case 'BR': {
      // "Maria Aparecida de Souza", "João Pedro Santos Lima".
      if (random.chance(0.35) && !given.includes(' ')) {
        const second = random.pick(female ? locale.femaleNames : locale.maleNames);
        if (second !== given) given = `${given} ${second}`;
      }
      if (random.chance(0.5)) maternal = random.pick(locale.surnames.filter((s) => s !== paternal));
      const particle = random.weighted<string>([
        ['', 6],
        ['de ', 2],
        ['dos ', 1],
        ['da ', 1],
      ]);
      const family = maternal ? `${maternal} ${paternal}` : paternal;
      return { given, paternal, maternal, full: `${given} ${particle}${family}`, female };
    }
    case 'MX':
    case 'ES':
      maternal = random.pick(locale.surnames.filter((s) => s !== paternal));
      return { given, paternal, maternal, full: `${given} ${paternal} ${maternal}`, female };
    case 'US': {
      const initial = random.chance(0.3) ? ` ${random.string(1, 'ABCDEFGHJKLMNPRSTW')}.` : '';
      return { given, paternal, maternal, full: `${given}${initial} ${paternal}`, female };
    }
  }
}

interface CompanyName {
  readonly name: string;
  readonly suffix: string;
  /** The distinctive words, for the e-mail domain. */
  readonly brand: string;
}

function companyName(random: Random, locale: Locale, segment: Segment): CompanyName {
  const kind = random.pick(locale.kinds[segment]);
  const trade = random.pick(locale.tradeNames);
  const surname = random.pick(locale.surnames);
  const forms = locale.legalForms.filter((f) => !f.segments || f.segments.includes(segment));
  const suffix = random.weighted(forms.map((f) => [f.suffix, f.weight] as const));
  const pattern = random.int(0, 9);
  switch (locale.country) {
    case 'BR':
      if (pattern < 6) return { name: `${kind} ${trade} ${suffix}`, suffix, brand: trade };
      if (pattern < 8) return { name: `${kind} ${surname} ${suffix}`, suffix, brand: `${kind} ${surname}` };
      if (pattern < 9) return { name: `${surname} & Filhos ${kind} ${suffix}`, suffix, brand: `${surname} e filhos` };
      return { name: `Irmãos ${surname} ${kind} ${suffix}`, suffix, brand: `irmaos ${surname}` };
    case 'MX':
      if (pattern < 6) return { name: `${kind} ${trade} ${suffix}`, suffix, brand: trade };
      if (pattern < 9) return { name: `${kind} ${surname} ${suffix}`, suffix, brand: `${kind} ${surname}` };
      // Trade names in quotes are common on Mexican signs and invoices.
      return { name: `${kind} "${trade}" ${suffix}`, suffix, brand: trade };
    case 'ES':
      if (pattern < 5) return { name: `${kind} ${trade} ${suffix}`, suffix, brand: trade };
      if (pattern < 8) return { name: `${kind} Hermanos ${surname} ${suffix}`, suffix, brand: `hermanos ${surname}` };
      if (pattern < 9) {
        const partner = random.pick(locale.surnames.filter((s) => s !== surname));
        return { name: `${surname} y ${partner} ${kind} ${suffix}`, suffix, brand: `${surname} ${partner}` };
      }
      if (segment === 'retail' || segment === 'services') return { name: `Bar "${trade}" ${suffix}`, suffix, brand: `bar ${trade}` };
      return { name: `${kind} ${trade} ${suffix}`, suffix, brand: trade };
    case 'US':
      if (pattern < 6) return { name: `${trade} ${kind} ${suffix}`, suffix, brand: trade };
      if (pattern < 8) return { name: `${surname} & Sons ${kind}, ${suffix}`, suffix, brand: `${surname} ${kind}` };
      if (pattern < 9 && segment === 'services') {
        const partner = random.pick(locale.surnames.filter((s) => s !== surname));
        return { name: `${surname}, ${partner} & Associates, ${suffix}`, suffix, brand: `${surname} ${partner}` };
      }
      return { name: `${surname} Brothers ${kind} ${suffix}`, suffix, brand: `${surname} brothers` };
  }
}

/** Letters and digits only, lower case, accents dropped: "Pão de Mel" → "paodemel". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const personalMailDomain: Readonly<Record<Country, string>> = {
  BR: 'provedor.example',
  MX: 'correo.example',
  ES: 'correo.example',
  US: 'mail.example',
};

function mobileNumber(random: Random, locale: Locale, areaCode: string): string {
  const digits = (n: number) => random.string(n, '0123456789');
  switch (locale.country) {
    case 'BR':
      return `+55${areaCode}9${random.int(6, 9)}${digits(7)}`;
    case 'MX':
      return `+52${areaCode}${random.int(2, 9)}${digits(9 - areaCode.length)}`;
    case 'ES':
      return random.chance(0.85) ? `+346${digits(8)}` : `+347${random.int(1, 4)}${digits(7)}`;
    case 'US':
      return `+1${areaCode}55501${digits(2)}`;
  }
}

function landlineNumber(random: Random, locale: Locale, areaCode: string): string {
  const digits = (n: number) => random.string(n, '0123456789');
  switch (locale.country) {
    case 'BR':
      return `+55${areaCode}${random.int(2, 5)}${digits(7)}`;
    case 'MX':
      return `+52${areaCode}${random.int(2, 9)}${digits(9 - areaCode.length)}`;
    case 'ES':
      return `+34${areaCode}${random.int(2, 8)}${digits(8 - areaCode.length)}`;
    case 'US':
      return `+1${areaCode}55501${digits(2)}`;
  }
}

/** An e-mail address for a person: "maria.souza@provedor.example". */
export function personalEmail(random: Random, person: PersonName, country: Country, domain?: string): string {
  const first = slug(person.given.split(' ')[0] ?? person.given);
  const last = slug(person.paternal);
  const local = random.weighted<string>([
    [`${first}.${last}`, 5],
    [`${first}${last}`, 2],
    [`${first.charAt(0)}${last}`, 2],
    [`${first}.${last}${random.int(1, 99)}`, 3],
  ]);
  return `${local}@${domain ?? personalMailDomain[country]}`;
}

function pickRegion(random: Random, locale: Locale): Region {
  return random.weighted(locale.regions.map((r) => [r, r.weight] as const));
}

function pastDate(random: Random, from: IsoDate, minYears: number, maxYears: number): IsoDate {
  return addDays(from, -random.int(minYears * 365, maxYears * 365));
}

/**
 * One customer of a business in `country`. `today` anchors birth and incorporation dates
 * (they feed the Mexican RFC).
 */
export function generateCustomerProfile(random: Random, country: Country, today: IsoDate): CustomerProfile {
  const locale = locales[country];
  const region = pickRegion(random, locale);
  const areaCode = random.pick(region.areaCodes);
  const individual = random.chance(locale.individualShare);
  // Individuals buy from shops and hire services; they seldom buy wholesale or industrial goods.
  const segment = individual
    ? random.weighted<Segment>([
        ['retail', 2],
        ['services', 3],
      ])
    : random.weighted(segmentWeights);

  let name: string;
  let taxId: string;
  let email: string;
  let mailDomain: string;
  if (individual) {
    const person = personName(random, locale);
    name = person.full;
    mailDomain = personalMailDomain[country];
    email = personalEmail(random, person, country);
    taxId = individualTaxId(random, country, person, region, today);
  } else {
    const company = companyName(random, locale, segment);
    name = company.name;
    mailDomain = `${slug(company.brand).slice(0, 24) || 'empresa'}.example`;
    email = `${random.pick(locale.billingMailboxes)}@${mailDomain}`;
    taxId = companyTaxId(random, country, company, today);
  }

  const mobile = mobileNumber(random, locale, areaCode);
  // Companies give a switchboard; individuals their mobile.
  const phone = random.chance(individual ? 0.9 : 0.8) ? (individual ? mobile : landlineNumber(random, locale, areaCode)) : '';
  const whatsapp = random.chance(locale.whatsappShare) ? mobile : '';
  const hasEmail = random.chance(locale.emailShare) || (phone === '' && whatsapp === '');
  // A few Spanish-speaking businesses in the United States prefer Spanish.
  const language = country === 'US' && random.chance(0.08) ? 'es' : locale.language;

  return {
    kind: individual ? 'individual' : 'company',
    name,
    taxId,
    country,
    language,
    currency: locale.currency,
    timezone: region.timezone,
    segment,
    email: hasEmail ? email : '',
    phone,
    whatsapp,
    mailDomain,
    areaCode,
  };
}

function individualTaxId(random: Random, country: Country, person: PersonName, region: Region, today: IsoDate): string {
  switch (country) {
    case 'BR':
      return generateCpf(random, region.cpfRegion);
    case 'MX':
      return generatePersonRfc(random, person, pastDate(random, today, 22, 70));
    case 'ES':
      return generateDni(random);
    case 'US':
      // Sole proprietors bill under an EIN, never under their SSN.
      return generateEin(random);
  }
}

function companyTaxId(random: Random, country: Country, company: CompanyName, today: IsoDate): string {
  switch (country) {
    case 'BR':
      return generateCnpj(random);
    case 'MX':
      return generateCompanyRfc(random, company.name, pastDate(random, today, 2, 40));
    case 'ES':
      return generateCif(random, company.suffix === 'S.A.' ? 'A' : company.suffix === 'S.Coop.' ? 'F' : 'B');
    case 'US':
      return generateEin(random);
  }
}
