import type { UtmMarks } from './order';

/** A destination: English names as the API sends them, Russian for titles. */
export interface City {
  name: string;
  country: string;
  isoCode: string;
  /** The city in Russian, prepositional case: "в Риме". */
  nameIn: string;
  /** Sights in Russian, nominative case, each usable as a title alone. */
  sights: readonly string[];
}

export const CITIES: readonly City[] = [
  city('Rome', 'Italy', 'IT', 'Риме', [
    'Музеи Ватикана и собор Святого Петра',
    'Колизей и Римский форум',
    'Тайны Трастевере',
  ]),
  city('Krakow', 'Poland', 'PL', 'Кракове', [
    'Соляная шахта «Величка»',
    'Вавельский замок',
    'Еврейский квартал Казимеж',
  ]),
  city('Saint Petersburg', 'Russia', 'RU', 'Петербурге', [
    'Эрмитаж',
    'Разводные мосты',
    'Дворы-колодцы Петроградской стороны',
    'Петергоф и его фонтаны',
  ]),
  city('Istanbul', 'Turkey', 'TR', 'Стамбуле', [
    'Айя-София и Голубая мечеть',
    'Босфор на закате',
    'Гранд-базар',
  ]),
  city('Tbilisi', 'Georgia', 'GE', 'Тбилиси', [
    'Старый Тбилиси и серные бани',
    'Мцхета и Джвари',
    'Винные погреба Кахетии',
  ]),
  city('Barcelona', 'Spain', 'ES', 'Барселоне', [
    'Саграда Фамилия',
    'Парк Гуэль',
    'Готический квартал',
  ]),
  city('Paris', 'France', 'FR', 'Париже', ['Лувр', 'Монмартр', 'Версаль']),
  city('Prague', 'Czech Republic', 'CZ', 'Праге', [
    'Пражский Град',
    'Карлов мост и Старый город',
    'Замок Карлштейн',
  ]),
  city('Yerevan', 'Armenia', 'AM', 'Ереване', [
    'Гарни и Гегард',
    'Эчмиадзин',
    'Коньячный завод «Арарат»',
  ]),
  city('Dubai', 'United Arab Emirates', 'AE', 'Дубае', [
    'Бурдж-Халифа',
    'Сафари в пустыне',
    'Старый Дубай и рынок специй',
  ]),
];

type TitleTemplate = (sight: string, city: City, duration: string) => string;

export const EXCURSION_TITLES: readonly TitleTemplate[] = [
  (sight) => sight,
  (sight) => `${sight}: индивидуальная экскурсия`,
  (sight) => `${sight} — групповая экскурсия`,
  (sight) => `${sight} без очередей`,
  (sight) => `${sight} с местным гидом`,
  (sight, city) => `Вечер в ${city.nameIn}. ${sight}`,
  (sight, city) => `Знакомство с городом в ${city.nameIn}: ${sight}`,
];

export const TOUR_TITLES: readonly TitleTemplate[] = [
  (sight, city, duration) => `${duration} в ${city.nameIn}: ${sight}`,
  (sight, _city, duration) => `Авторский тур на ${duration}. ${sight}`,
  (sight, city, duration) =>
    `${sight} и окрестности: ${duration} в ${city.nameIn}`,
];

export const TOUR_DURATIONS = ['2 дня', '3 дня', '4 дня', '5 дней', '7 дней'];

export const BLOGGER_HANDLES = ['anna_travels', 'zhenya.v.puti', 'mir_bez_viz'];

/** Sets of UTM marks that affiliate links typically carry. */
export function utmMarkSets(partnerId: string): UtmMarks[] {
  return [
    utm(null, partnerId, null, 'link', 'affiliates'),
    utm('header_banner', partnerId, null, 'banner', 'affiliates'),
    utm(null, 'telegram', null, 'social', 'spring_sale'),
    utm('post_rome', 'blog', 'ekskursii v rime', 'cpc', 'italy'),
    utm(null, null, null, null, null),
  ];
}

function city(
  name: string,
  country: string,
  isoCode: string,
  nameIn: string,
  sights: string[],
): City {
  return { name, country, isoCode, nameIn, sights };
}

function utm(
  content: string | null,
  source: string | null,
  term: string | null,
  medium: string | null,
  campaign: string | null,
): UtmMarks {
  return { content, source, term, medium, campaign };
}
