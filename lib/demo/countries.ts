// Where the demo storefront's visitors come from. Locale and time zone follow
// the country so technographic segments (locale, timezone) agree with the
// country trait, and quiet hours in the visitor's own zone mean something.
import type { SearchLanguage } from './catalog';

export interface TimeZone {
  /** IANA name, as `Intl.DateTimeFormat().resolvedOptions().timeZone` gives it. */
  name: string;
  /**
   * Standard-time offset in hours. Daylight saving is ignored: it only shifts
   * the daily activity curve by an hour for half the year.
   */
  utcOffset: number;
}

export interface Country {
  code: string;
  /** Share of visitors; relative, need not sum to 1. */
  weight: number;
  locale: string;
  language: SearchLanguage;
  timeZones: readonly TimeZone[];
  firstNames: readonly string[];
}

const zone = (name: string, utcOffset: number): TimeZone => ({ name, utcOffset });

export const countries: readonly Country[] = [
  {
    code: 'US',
    weight: 26,
    locale: 'en-US',
    language: 'en',
    timeZones: [
      zone('America/New_York', -5),
      zone('America/Chicago', -6),
      zone('America/Denver', -7),
      zone('America/Los_Angeles', -8),
    ],
    firstNames: ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Madison', 'Tyler'],
  },
  {
    code: 'GB',
    weight: 18,
    locale: 'en-GB',
    language: 'en',
    timeZones: [zone('Europe/London', 0)],
    firstNames: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Poppy', 'Jack', 'Freya', 'Alfie', 'Imogen'],
  },
  {
    code: 'DE',
    weight: 9,
    locale: 'de-DE',
    language: 'de',
    timeZones: [zone('Europe/Berlin', 1)],
    firstNames: ['Lukas', 'Mia', 'Felix', 'Hannah', 'Jonas', 'Lena', 'Maximilian', 'Lea', 'Paul', 'Jürgen'],
  },
  {
    code: 'FR',
    weight: 8,
    locale: 'fr-FR',
    language: 'fr',
    timeZones: [zone('Europe/Paris', 1)],
    firstNames: ['Louis', 'Chloé', 'Gabriel', 'Léa', 'Hugo', 'Manon', 'Jules', 'Camille', 'Théo', 'Inès'],
  },
  {
    code: 'ES',
    weight: 7,
    locale: 'es-ES',
    language: 'es',
    timeZones: [zone('Europe/Madrid', 1)],
    firstNames: ['Hugo', 'Lucía', 'Martín', 'Sofía', 'Pablo', 'María', 'Álvaro', 'Paula', 'Daniel', 'Carmen'],
  },
  {
    code: 'PT',
    weight: 5,
    locale: 'pt-PT',
    language: 'pt',
    timeZones: [zone('Europe/Lisbon', 0)],
    firstNames: ['João', 'Beatriz', 'Tiago', 'Inês', 'Rodrigo', 'Mariana', 'Diogo', 'Leonor', 'Rui', 'Joana'],
  },
  {
    code: 'MX',
    weight: 7,
    locale: 'es-MX',
    language: 'es',
    timeZones: [zone('America/Mexico_City', -6), zone('America/Tijuana', -8)],
    firstNames: [
      'Santiago',
      'Valentina',
      'Mateo',
      'Ximena',
      'Diego',
      'Regina',
      'Emiliano',
      'Renata',
      'José',
      'Fernanda',
    ],
  },
  {
    code: 'BR',
    weight: 7,
    locale: 'pt-BR',
    language: 'pt',
    timeZones: [zone('America/Sao_Paulo', -3)],
    firstNames: ['Miguel', 'Helena', 'Arthur', 'Alice', 'Heitor', 'Laura', 'Davi', 'Manuela', 'Gael', 'Júlia'],
  },
  {
    code: 'IN',
    weight: 6,
    locale: 'en-IN',
    language: 'en',
    timeZones: [zone('Asia/Kolkata', 5.5)],
    firstNames: ['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun', 'Saanvi', 'Reyansh', 'Aadhya', 'Rohan', 'Priya'],
  },
  {
    code: 'CA',
    weight: 3,
    locale: 'en-CA',
    language: 'en',
    timeZones: [zone('America/Toronto', -5), zone('America/Vancouver', -8)],
    firstNames: ['Liam', 'Charlotte', 'Lucas', 'Emily', 'Benjamin', 'Chloe', 'Nathan', 'Abigail', 'Owen', 'Zoe'],
  },
  {
    code: 'NL',
    weight: 2,
    locale: 'nl-NL',
    language: 'en',
    timeZones: [zone('Europe/Amsterdam', 1)],
    firstNames: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Tess', 'Finn', 'Sophie', 'Bram', 'Fenna'],
  },
  {
    code: 'AU',
    weight: 2,
    locale: 'en-AU',
    language: 'en',
    timeZones: [zone('Australia/Sydney', 10), zone('Australia/Perth', 8)],
    firstNames: ['Oliver', 'Charlotte', 'Jack', 'Matilda', 'William', 'Ruby', 'Henry', 'Isla', 'Leo', 'Evie'],
  },
];
