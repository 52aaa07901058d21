// Deterministic text for the library benchmark: a seeded random source and a
// vocabulary with a Zipf-like spread (a few words very common, a long tail of
// rare ones), so the search index has posting lists shaped like real news.

/** mulberry32: small, fast and good enough to make the same library on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// Words every article uses (function words and general news vocabulary), most common first.
const GENERAL = `the of and to in a is that for on was with as by at it from be this have are has his an but they not
were which their been said more one after its new who all also would about year two first people over government
city time years up out had will can into than could other when last most state some there week says under between
local public report plan million since country world three many before while where because still just made make
told says according during through month months day days percent number part group area support`
  .split(/\s+/)
  .filter(Boolean);

/**
 * Topical words come in bursts, as in real news: an article about a flood says
 * "river" and "flood" many times, and most articles never do. Each article has
 * one or two topics; a search for a topical word finds a few per cent of the
 * library, not half of it.
 */
export const TOPICS: readonly (readonly string[])[] = [
  'climate emissions carbon heatwave drought wildfire glacier arctic warming'.split(' '),
  'election vote party campaign poll candidate debate ballot voters'.split(' '),
  'harbour ferry port coast boats sailors lighthouse shipping container'.split(' '),
  'river flood storm rain weather wind snow forecast'.split(' '),
  'energy solar battery electric grid wind turbines power'.split(' '),
  'rail train station strike union workers wages commuters'.split(' '),
  'football season league team coach player goal championship'.split(' '),
  'cricket rugby tennis match final cup marathon race'.split(' '),
  'museum exhibition gallery artist painting sculpture collection'.split(' '),
  'theatre music festival concert opera orchestra film novel'.split(' '),
  'science research university scientists study telescope planet'.split(' '),
  'space rocket satellite launch orbit moon astronauts'.split(' '),
  'hospital doctors nurses patients vaccine virus medicine'.split(' '),
  'housing rent mortgage homes landlords tenants estate crisis'.split(' '),
  'bank interest rates inflation economy recession prices'.split(' '),
  'trade tariffs exports imports supply shortage factories'.split(' '),
  'court judge trial jury prison appeal ruling lawyers'.split(' '),
  'police crime investigation fraud arrest officers'.split(' '),
  'parliament minister prime senate congress bill opposition'.split(' '),
  'software digital technology computer phone app privacy'.split(' '),
  'artificial intelligence robot chips data models algorithms'.split(' '),
  'security cyber hackers attack breach passwords'.split(' '),
  'war peace treaty border refugees migration embassy summit'.split(' '),
  'school teachers students children exams classrooms'.split(' '),
  'farm farmers crops wheat harvest orchard cattle'.split(' '),
  'kitchen recipe bread coffee wine restaurant chef bakery cheese'.split(' '),
  'travel tourism airport flights hotels holiday beach'.split(' '),
  'forest trees wildlife species conservation birds whales'.split(' '),
  'architecture building construction tower heritage restoration cathedral castle'.split(' '),
  'mountain valley lake island volcano earthquake cliffs'.split(' '),
  'startup founders investment shares profits funding'.split(' '),
  'traffic cycle bus road streets transport mayor'.split(' '),
];

const ONSETS = ['b', 'br', 'c', 'cl', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'r', 's', 'st', 't', 'tr', 'v', 'w', 'z'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou', 'y'];
const CODAS = ['', 'n', 'r', 's', 'l', 'nd', 'st', 'th', 'ck', 'm', 'rt'];

/** Pronounceable made-up words for the long tail (place names, jargon, the rest of a language). */
function inventedWords(count: number, random: Random): string[] {
  const seen = new Set([...GENERAL, ...TOPICS.flat()]);
  const words: string[] = [];
  while (words.length < count) {
    const syllables = 2 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += pick(random, ONSETS) + pick(random, NUCLEI) + (i === syllables - 1 ? pick(random, CODAS) : '');
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

/** A 64k table filled in proportion to Zipf weights 1/(rank+offset): one random number per draw. */
function zipfTable(words: readonly string[], offset: number, random: Random): string[] {
  const TABLE = 1 << 16;
  const table = new Array<string>(TABLE);
  const weights = words.map((_, rank) => 1 / (rank + offset));
  const total = weights.reduce((a, b) => a + b, 0);
  let slot = 0;
  let carry = 0;
  for (let i = 0; i < words.length && slot < TABLE; i += 1) {
    carry += ((weights[i] as number) / total) * TABLE;
    while (carry >= 1 && slot < TABLE) {
      table[slot] = words[i] as string;
      slot += 1;
      carry -= 1;
    }
  }
  // Rounding leaves a few slots: give them to random words so every word can appear.
  while (slot < TABLE) {
    table[slot] = words[Math.floor(random() * words.length)] as string;
    slot += 1;
  }
  return table;
}

export interface Vocabulary {
  /** A word of running text for an article about `topics` (indexes into TOPICS). */
  word(topics: readonly number[]): string;
  /** A word drawn evenly from the long tail (names, places). */
  rareWord(): string;
  readonly size: number;
}

/** Share of running text per kind of word (the rest is the long tail). */
const GENERAL_SHARE = 0.5;
const TOPIC_SHARE = 0.06;
const STRAY_TOPIC_SHARE = 0.003;

export function createVocabulary(random: Random, tail = 12_000): Vocabulary {
  const invented = inventedWords(tail, random);
  const general = zipfTable(GENERAL, 2.7, random);
  const rest = zipfTable(invented, 10, random);
  const MASK = (1 << 16) - 1;
  const draw = (table: readonly string[]) => table[Math.floor(random() * 65536) & MASK] as string;
  return {
    word(topics) {
      const r = random();
      if (r < GENERAL_SHARE) return draw(general);
      if (r < GENERAL_SHARE + TOPIC_SHARE && topics.length > 0) return pick(random, TOPICS[pick(random, topics)] as readonly string[]);
      if (r < GENERAL_SHARE + TOPIC_SHARE + STRAY_TOPIC_SHARE) return pick(random, pick(random, TOPICS));
      return draw(rest);
    },
    rareWord: () => invented[Math.floor(random() * invented.length)] as string,
    size: GENERAL.length + TOPICS.flat().length + invented.length,
  };
}

export const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

export const FIRST_NAMES = [
  'Amira', 'Ben', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maya',
  'Noah', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sami', 'Tessa', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
];
export const LAST_NAMES = [
  'Abbott', 'Bergström', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski',
  'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinteros', 'Rossi', 'Schneider', 'Tanaka', 'Ueda', 'Varga',
  'Whitfield', 'Xu', 'Yilmaz', 'Zimmermann',
];
