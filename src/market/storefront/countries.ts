import type { Language } from '../../platform/http/index.js';

/**
 * The countries a buyer may give as their billing address: ISO 3166-1 alpha-2 (all 249) and
 * Kosovo (XK, the code the EU uses for it). Their names come from the runtime's CLDR data
 * (Intl.DisplayNames), in the page's language.
 */
const CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');
const KNOWN = new Set(CODES);

export function isKnownCountry(code: string): boolean {
  return KNOWN.has(code);
}

const names: Record<Language, Intl.DisplayNames> = {
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
  de: new Intl.DisplayNames(['de'], { type: 'region' }),
};

export function countryName(code: string, language: Language): string {
  return names[language].of(code) ?? code;
}

const sorted = new Map<Language, { code: string; name: string }[]>();

/** Every country with its name, sorted by name as the language sorts (computed once per language). */
export function countryOptions(language: Language): { code: string; name: string }[] {
  let list = sorted.get(language);
  if (!list) {
    const collator = new Intl.Collator(language);
    list = CODES.map((code) => ({ code, name: countryName(code, language) })).sort((a, b) => collator.compare(a.name, b.name));
    sorted.set(language, list);
  }
  return list;
}
