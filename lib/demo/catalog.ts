// The demo storefront's catalog and what its visitors type into the search box.
// The mix is chosen so the console has micro-moments worth finding: travel
// searches ("budget hotels in mexico") and game searches ("worm blasterz
// walk-through") next to ordinary shopping, in several languages, with the
// typos, accents and stray capitals that the moment matcher must normalise.

export const productCategories = {
  trips: 'Trips',
  'travel-gear': 'Travel gear',
  'video-games': 'Video games',
  books: 'Books',
  home: 'Home',
  outdoor: 'Outdoor',
} as const;

export type ProductCategory = keyof typeof productCategories;

export interface Product {
  id: string;
  name: string;
  category: ProductCategory;
  /** US dollars, two decimals. */
  price: number;
}

const product = (id: string, name: string, category: ProductCategory, price: number): Product => ({
  id,
  name,
  category,
  price,
});

export const products: readonly Product[] = [
  product('trip-lisbon-city-break', 'Lisbon City Break (3 nights)', 'trips', 349),
  product('trip-porto-weekend', 'Porto Weekend Escape', 'trips', 289),
  product('trip-barcelona-hostel-week', 'Barcelona Hostel Week', 'trips', 219),
  product('trip-mexico-city-explorer', 'Mexico City Explorer (7 nights)', 'trips', 899),
  product('trip-cancun-all-inclusive', 'Cancún All-Inclusive (5 nights)', 'trips', 1199),
  product('trip-oaxaca-food-tour', 'Oaxaca Food Tour', 'trips', 649),
  product('trip-paris-budget-weekend', 'Paris Budget Weekend', 'trips', 259),
  product('trip-rio-carnival', 'Rio de Janeiro Carnival Trip', 'trips', 1299),
  product('trip-goa-beach-retreat', 'Goa Beach Retreat', 'trips', 749),
  product('trip-interrail-pass', 'Interrail Global Pass (15 days)', 'trips', 429),
  product('gear-carry-on-backpack', 'Carry-On Backpack 40L', 'travel-gear', 119),
  product('gear-packing-cubes', 'Packing Cubes (set of 4)', 'travel-gear', 29.99),
  product('gear-travel-adapter', 'Universal Travel Adapter', 'travel-gear', 24.99),
  product('gear-neck-pillow', 'Memory Foam Neck Pillow', 'travel-gear', 19.99),
  product('gear-anc-headphones', 'Noise-Cancelling Headphones', 'travel-gear', 179),
  product('gear-rfid-wallet', 'RFID Passport Wallet', 'travel-gear', 22.5),
  product('gear-tsa-lock', 'TSA Combination Lock', 'travel-gear', 14.99),
  product('gear-hardshell-suitcase', 'Hard-Shell Carry-On Suitcase', 'travel-gear', 149),
  product('game-worm-blasterz', 'Worm Blasterz', 'video-games', 39.99),
  product('game-worm-blasterz-tunnel-wars', 'Worm Blasterz: Tunnel Wars (DLC)', 'video-games', 14.99),
  product('game-star-drifter', 'Star Drifter', 'video-games', 59.99),
  product('game-star-drifter-season-pass', 'Star Drifter Season Pass', 'video-games', 29.99),
  product('game-galactic-kart', 'Galactic Kart', 'video-games', 49.99),
  product('game-chronicles-of-emberfall', 'Chronicles of Emberfall', 'video-games', 69.99),
  product('game-pixel-farmstead', 'Pixel Farmstead', 'video-games', 19.99),
  product('game-neon-courier', 'Neon Courier', 'video-games', 24.99),
  product('game-castle-siege-coop', 'Castle Siege Co-op', 'video-games', 34.99),
  product('game-pro-headset', 'Pro Gaming Headset', 'video-games', 89.99),
  product('book-budget-traveller', "The Budget Traveller's Handbook", 'books', 18.99),
  product('book-lisbon-pocket-guide', 'Lisbon Pocket Guide', 'books', 12.99),
  product('book-mexico-travel-guide', 'Mexico Travel Guide', 'books', 24.99),
  product('book-desert-sands-saga', 'Desert Sands Saga, Book 1', 'books', 11.99),
  product('book-the-quiet-thriller', 'The Quiet Hour: A Thriller', 'books', 14.99),
  product('book-cooking-for-beginners', 'Cooking for Beginners', 'books', 22),
  product('book-worm-blasterz-guide', 'Worm Blasterz Official Strategy Guide', 'books', 19.99),
  product('book-mindful-mornings', 'Mindful Mornings', 'books', 16.5),
  product('home-burr-coffee-grinder', 'Burr Coffee Grinder', 'home', 79),
  product('home-air-fryer', 'Air Fryer 5L', 'home', 99),
  product('home-scandi-throw', 'Scandi Throw Blanket', 'home', 45),
  product('home-led-desk-lamp', 'LED Desk Lamp', 'home', 34.99),
  product('home-linen-bedding', 'Linen Bedding Set', 'home', 129),
  product('home-pour-over-coffee-maker', 'Pour-Over Coffee Maker', 'home', 29),
  product('home-ceramic-plant-pots', 'Ceramic Plant Pots (set of 3)', 'home', 27.5),
  product('home-cast-iron-skillet', 'Cast-Iron Skillet', 'home', 39.95),
  product('outdoor-hiking-boots', 'Waterproof Hiking Boots', 'outdoor', 139),
  product('outdoor-two-person-tent', 'Two-Person Tent', 'outdoor', 189),
  product('outdoor-camping-stove', 'Compact Camping Stove', 'outdoor', 49.99),
  product('outdoor-sleeping-bag', 'Three-Season Sleeping Bag', 'outdoor', 89),
  product('outdoor-trail-shoes', 'Trail Running Shoes', 'outdoor', 119),
  product('outdoor-headlamp', 'Rechargeable Headlamp', 'outdoor', 29.99),
  product('outdoor-shell-jacket', 'Waterproof Shell Jacket', 'outdoor', 159),
  product('outdoor-trekking-poles', 'Trekking Poles (pair)', 'outdoor', 59),
];

/**
 * Offers the demo's moment rules link to (the game frustration rule's armour
 * pack). Kept out of \`products\`, which the generator draws visits from, so the
 * demo data stays what it was.
 */
export const offerProducts: readonly Product[] = [
  product('game-worm-blasterz-armour', 'Worm Blasterz: Titan Armour Pack', 'video-games', 4.99),
];

const inCategory = (category: ProductCategory) => products.filter((item) => item.category === category);

export const productsByCategory: Readonly<Record<ProductCategory, readonly Product[]>> = {
  trips: inCategory('trips'),
  'travel-gear': inCategory('travel-gear'),
  'video-games': inCategory('video-games'),
  books: inCategory('books'),
  home: inCategory('home'),
  outdoor: inCategory('outdoor'),
};

/** The intent a query shows, which is what micro-moment rules key on. */
export const searchTopics = ['travel', 'games', 'shopping'] as const;
export type SearchTopic = (typeof searchTopics)[number];

/** Languages the storefront's visitors search in (see countries.ts). */
export type SearchLanguage = 'en' | 'fr' | 'es' | 'pt' | 'de';

export interface SearchQuery {
  /** Exactly as typed: typos, accents and capitals are kept on purpose. */
  text: string;
  topic: SearchTopic;
  /** The catalog section the visitor browses after searching. */
  category: ProductCategory;
  language: SearchLanguage;
  /** Relative frequency among queries for the same section and language. */
  popularity: number;
}

const query = (
  text: string,
  topic: SearchTopic,
  category: ProductCategory,
  { language = 'en', popularity = 1 }: { language?: SearchLanguage; popularity?: number } = {},
): SearchQuery => ({ text, topic, category, language, popularity });

export const searchQueries: readonly SearchQuery[] = [
  // Travel: the micro-moments of docs/moments.md.
  query('cheap flights to lisbon', 'travel', 'trips', { popularity: 4 }),
  query('budget hotels in mexico', 'travel', 'trips', { popularity: 4 }),
  query('cheap countries to visit', 'travel', 'trips', { popularity: 3 }),
  query('hostel barcelona', 'travel', 'trips', { popularity: 3 }),
  query('last minute deals', 'travel', 'trips', { popularity: 4 }),
  query('Budget Hotels in Mexico City', 'travel', 'trips'),
  query('all inclusive cancun', 'travel', 'trips'),
  query('weekend break porto', 'travel', 'trips'),
  query('city break lisbon', 'travel', 'trips'),
  query('backpacking south america', 'travel', 'trips'),
  query('cheap holidays in august', 'travel', 'trips'),
  query('CHEAP FLIGHTS', 'travel', 'trips'),
  query('budjet hotels madrid', 'travel', 'trips'),
  query('last minute deals spain', 'travel', 'trips'),
  query('interrail pass', 'travel', 'trips'),
  query('goa beach hostel', 'travel', 'trips'),
  query('cheep flights mexico', 'travel', 'trips'),
  query('hôtel pas cher paris', 'travel', 'trips', { language: 'fr', popularity: 3 }),
  query('vol pas cher lisbonne', 'travel', 'trips', { language: 'fr' }),
  query('vuelos baratos', 'travel', 'trips', { language: 'es', popularity: 3 }),
  query('vuelos baratos a cancún', 'travel', 'trips', { language: 'es' }),
  query('hoteles baratos en méxico', 'travel', 'trips', { language: 'es' }),
  query('voos baratos lisboa', 'travel', 'trips', { language: 'pt' }),
  query('hotel barato rio de janeiro', 'travel', 'trips', { language: 'pt' }),
  query('günstige flüge lissabon', 'travel', 'trips', { language: 'de' }),
  query('billige hotels barcelona', 'travel', 'trips', { language: 'de' }),
  query('carry on backpack 40l', 'travel', 'travel-gear'),
  query('packing cubes', 'travel', 'travel-gear'),
  query('travel adapter', 'travel', 'travel-gear'),
  query('noise cancelling headphones for flights', 'travel', 'travel-gear'),
  query('Neck Pillow', 'travel', 'travel-gear'),
  query('tsa lock', 'travel', 'travel-gear'),
  query('adaptateur de voyage', 'travel', 'travel-gear', { language: 'fr' }),
  query('mochila de viaje', 'travel', 'travel-gear', { language: 'es' }),
  query('lisbon travel guide', 'travel', 'books'),
  query('mexico guidebook', 'travel', 'books'),
  // Games.
  query('worm blasterz walk-through', 'games', 'video-games', { popularity: 4 }),
  query('worm blasterz walkthrough level 12', 'games', 'video-games'),
  query('cheat codes', 'games', 'video-games', { popularity: 3 }),
  query('worm blasterz cheat codes', 'games', 'video-games'),
  query('best rpg 2026', 'games', 'video-games', { popularity: 3 }),
  query('co-op games for couples', 'games', 'video-games'),
  query('cheap ps5 games', 'games', 'video-games'),
  query('nintendo switch deals', 'games', 'video-games'),
  query('open world games', 'games', 'video-games'),
  query('Star Drifter DLC', 'games', 'video-games'),
  query('pre-order galactic kart', 'games', 'video-games'),
  query('gaming headset', 'games', 'video-games'),
  query('wrom blasterz', 'games', 'video-games'),
  query('juegos baratos', 'games', 'video-games', { language: 'es' }),
  query('jeux vidéo pas cher', 'games', 'video-games', { language: 'fr' }),
  query('worm blasterz strategy guide', 'games', 'books'),
  // Everyday shopping.
  query('books like dune', 'shopping', 'books'),
  query('best thrillers 2026', 'shopping', 'books'),
  query('cookbook for beginners', 'shopping', 'books'),
  query('libros de cocina', 'shopping', 'books', { language: 'es' }),
  query('livres de poche', 'shopping', 'books', { language: 'fr' }),
  query('coffee grinder', 'shopping', 'home'),
  query('coffe maker', 'shopping', 'home'),
  query('air fryer', 'shopping', 'home'),
  query('Desk Lamp LED', 'shopping', 'home'),
  query('bedding sale', 'shopping', 'home'),
  query('gift ideas for mum', 'shopping', 'home'),
  query('cafetera', 'shopping', 'home', { language: 'es' }),
  query('hiking boots waterproof', 'shopping', 'outdoor'),
  query('2 person tent', 'shopping', 'outdoor'),
  query('camping stove', 'shopping', 'outdoor'),
  query('sleeping bag 3 season', 'shopping', 'outdoor'),
  query('waterprof jacket', 'shopping', 'outdoor'),
  query('trail running shoes', 'shopping', 'outdoor'),
  query('zelt 2 personen', 'shopping', 'outdoor', { language: 'de' }),
  query('bota de trilha', 'shopping', 'outdoor', { language: 'pt' }),
];
