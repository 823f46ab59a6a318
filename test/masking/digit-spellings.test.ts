// Attack corpus: a card, an SSN, a phone number or an IBAN in free text, its digits spelled so a
// pattern does not read them and a reader still does: "leet" letters among digits ("S" 5, "B" 8,
// "Z" 2, "G"/"b" 6, "g"/"q" 9, "T" 7, "A" 4, "E" 3, "|" 1), groups made only of the letters that
// look like 0 and 1 ("IOI-IO-IIOI"), digits as number words of other languages, and CJK numerals
// (common, financial and Japanese forms). Each is checked in free text and in a table cell. The
// decoys (hex ids, hashes, UUIDs, base64 tokens, units, versions, part numbers, log lines, prose
// in those languages and scripts) must come back as they are.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

const leet: readonly LeakCase[] = [
  ['card', 'card SSSS SSSS SSSS 4444', 'SSSS SSSS', 'S for 5, groups of S alone/card'],
  ['card', 'card 5555-ssss-5555-4444', 'ssss-5555', 's for 5/card'],
  ['card', 'card 4Z4Z 4Z4Z 4Z4Z 4Z4Z', '4Z4Z 4Z4Z', 'Z for 2/card'],
  ['card', 'card 4z4z-4z4z-4z4z-4z4z', '4z4z-4z4z', 'z for 2/card'],
  ['card', 'card 4Z4Z4Z4Z4Z4Z4Z4Z', '4Z4Z4Z4Z', 'Z for 2, one word/card'],
  ['card', 'amex 37B2 B22463 10005', 'B22463', 'B for 8/card'],
  ['card', 'amex E7B2 B224GE 1OOO5', 'B224GE', 'E, B, G and O/card'],
  ['card', 'card 4012 BBBB BBBB 1BB1', 'BBBB BBBB', 'B alone in groups/card'],
  ['card', 'card G011 1111 1111 111T', '1111 111T', 'G for 6, T for 7/card'],
  ['card', 'card b011 0009 9013 9424', '0009 9013', 'b for 6/card'],
  ['card', 'card 6011 000g g013 g4Z4', '000g g013', 'g for 9/card'],
  ['card', 'card 6011 000q q013 q424', '000q q013', 'q for 9/card'],
  ['card', 'card S1OS 1OS1 OS1O S1OO', '1OS1 OS1O', 'S and O/card'],
  ['card', 'card 4||| |||| |||| ||||', '|||| ||||', '| for 1/card'],
  ['card', 'card 41|1 1|11 11|1 1111', '1|11 11|1', '| among digits/card'],
  ['card', 'card AZAZ 4242 4242 4242', '4242 4242', 'A for 4/card'],
  ['card', '|4Z4Z 4Z4Z 4Z4Z 4Z4Z|', '4Z4Z 4Z4Z', 'between the borders of a text table/card'],
  ['card', 'card 4|||-||||-||||-||||', '||||-||||', '| for 1, dashed/card'],
  ['ssn', 'ssn S36-90-4417', '4417', 'S for 5/ssn'],
  ['ssn', 'ssn 5E6-90-4417', '4417', 'E for 3/ssn'],
  ['ssn', 'ssn 536-g0-4417', '4417', 'g for 9/ssn'],
  ['ssn', 'ssn 536-q0-4417', '4417', 'q for 9/ssn'],
  ['ssn', 'ssn 53G-90-4417', '4417', 'G for 6/ssn'],
  ['ssn', 'ssn 53b-90-4417', '4417', 'b for 6/ssn'],
  ['ssn', 'ssn 536-90-441T', '441T', 'T for 7/ssn'],
  ['ssn', 'ssn 536-90-AA17', 'AA17', 'A for 4/ssn'],
  ['ssn', 'ssn 536.g0.44|7', '44|7', '| for 1, dots/ssn'],
  ['ssn', 'ssn 5369044lT', '44lT', 'T and l, bare after a keyword/ssn'],
  ['ssn', 'ssn 5E69O44l7', '44l7', 'E, O and l, bare after a keyword/ssn'],
  ['ssn', 'id SEG-9O-4417', '4417', 'letters for a whole group/ssn'],
  ['phone', 'call (A15) SSS-Z67l', 'SSS-Z67l', 'A, S, Z and l/phone'],
  ['phone', 'call 415.555.Z671', '555.Z671', 'Z for 2, dots/phone'],
  ['phone', 'tel +1 415 SSS 2G71', 'SSS 2G71', 'S and G, spaced/phone'],
  ['phone', 'call 415-555-Z6Tl', '555-Z6Tl', 'Z, T and l/phone'],
  ['iban', 'iban DE8g E7O4 OO44 OS3Z O13O OO', 'OS3Z', 'g, E, O, S and Z/iban'],
  ['iban', 'iban DE89 3T04 0044 0S32 0130 00', '0S32', 'T and S/iban'],
];

const lookalikeGroups: readonly LeakCase[] = [
  ['ssn', 'ssn IOI-IO-IIOI', 'IIOI', 'I and O alone/ssn'],
  ['ssn', 'ssn lOl-lO-llOl', 'llOl', 'l and O alone/ssn'],
  ['ssn', 'ssn lol.lo.llol', 'llol', 'l and o alone, dots/ssn'],
  ['ssn', 'id IOI-IO-IIOI', 'IIOI', 'I and O alone, no keyword/ssn'],
  ['ssn', 'ssn IIO IO IIOI', 'IIOI', 'I and O alone, spaced/ssn'],
];

/** Number words 0-9 of a language, as a reader writes them out. */
const LANGUAGES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Spanish', ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve']],
  ['French', ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf']],
  ['German', ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun']],
  ['Italian', ['zero', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove']],
  ['Portuguese', ['zero', 'um', 'dois', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove']],
  ['Dutch', ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen']],
  ['Russian', ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять']],
  // the radio (ICAO) spelling of English digits
  ['radio English', ['zero', 'wun', 'too', 'tree', 'fower', 'fife', 'six', 'seven', 'ait', 'niner']],
];

/** Each digit of `text` as the word of `words`, words of a group parted by a space. */
const inWords = (text: string, words: readonly string[]): string =>
  text.replace(/\d+/g, (group) => [...group].map((d) => words[Number(d)]).join(' '));

const otherLanguages: readonly LeakCase[] = LANGUAGES.flatMap(([language, words]): LeakCase[] => [
  ['card', `card ${inWords('4111 1111 1111 1111', words)}`, inWords('1111', words), `${language}/card`],
  ['ssn', `ssn ${inWords('536-90-4417', words)}`, inWords('4417', words), `${language}/ssn`],
  ['phone', `call ${inWords('415, 555, 2671', words)}`, inWords('2671', words), `${language}/phone`],
]);

const otherLanguagesMixed: readonly LeakCase[] = [
  ['card', 'card Cuatro Uno Uno Uno, Uno Uno Uno Uno, Uno Uno Uno Uno, Uno Uno Uno Uno', 'Uno Uno Uno', 'Spanish, capitalized/card'],
  ['ssn', 'ssn cincotresseis-nuevecero-cuatrocuatrounosiete', 'cuatrocuatro', 'Spanish, glued/ssn'],
  ['ssn', 'ssn FÜNF DREI SECHS NEUN NULL VIER VIER EINS SIEBEN', 'VIER VIER EINS', 'German, capitals/ssn'],
  ['ssn', 'ssn ПЯТЬ ТРИ ШЕСТЬ ДЕВЯТЬ НОЛЬ ЧЕТЫРЕ ЧЕТЫРЕ ОДИН СЕМЬ', 'ЧЕТЫРЕ ОДИН', 'Russian, capitals/ssn'],
  ['ssn', 'ssn 5 3 six nueve 0 vier quatre un sept', 'quatre un', 'languages mixed/ssn'],
  // A value that begins in digits before its words: redacted from where it begins, its first groups too.
  ['iban', 'iban DE89 3704 0044 0532 zero one three zero zero zero', 'DE89', 'an IBAN ending in words/iban'],
  ['iban', 'iban DE 89 three seven zero four zero zero four four 0532 0130 00', '0532', 'an IBAN with words in its middle/iban'],
  ['iban', 'iban DE89 three seven zero four 0044 0532 0130 00', 'DE89', 'a country code and check digits before the words/iban'],
  ['phone', 'phone +1 (415) five five five two six seven one', '+1', 'a country code before the words/phone'],
];

const CJK_COMMON = '〇一二三四五六七八九';
const CJK_ZERO = '零一二三四五六七八九';
const CJK_FINANCIAL = '零壹贰叁肆伍陆柒捌玖';
const CJK_FINANCIAL_TRADITIONAL = '零壹貳參肆伍陸柒捌玖';
const JAPANESE_FORMAL = '〇壱弐参四五六七八九';

const inNumerals = (text: string, numerals: string): string => text.replace(/\d/g, (d) => numerals[Number(d)] as string);

const cjk: readonly LeakCase[] = [
  ...[
    ['common', CJK_COMMON],
    ['with 零', CJK_ZERO],
    ['financial', CJK_FINANCIAL],
    ['financial, traditional', CJK_FINANCIAL_TRADITIONAL],
    ['Japanese formal', JAPANESE_FORMAL],
  ].flatMap(([form, numerals]): LeakCase[] => [
    ['card', `card ${inNumerals('4111 1111 1111 1111', numerals as string)}`, inNumerals('1111 1111', numerals as string), `${form}/card`],
    ['ssn', `ssn ${inNumerals('536-90-4417', numerals as string)}`, inNumerals('4417', numerals as string), `${form}/ssn`],
    ['phone', `call ${inNumerals('(415) 555-2671', numerals as string)}`, inNumerals('555', numerals as string), `${form}/phone`],
  ]),
  ['card', '卡号四一一一一一一一一一一一一一一一', '一一一一一一一一', 'glued to Chinese text/card'],
  ['phone', 'call 四一五五五五二六七一', '五五五二六七', 'one run/phone'],
  ['phone', 'call (four one five) five five five-two six seven one', 'five five five-two', 'English, area code in parentheses/phone'],
  ['ssn', 'ssn 伍叁陆玖零肆肆壹柒', '肆肆壹柒', 'financial, one run/ssn'],
  ['card', 'card 4一一一 1111 一一一一 1111', '一一一一 1111', 'mixed with digits/card'],
  ['ssn', 'ssn 五三六-九○-四四一七', '四四一七', 'a circle for zero/ssn'],
  ['ssn', 'ssn 五三六、九〇、四四一七', '四四一七', 'CJK commas/ssn'],
  ['card', 'card 四一一一・一一一一・一一一一・一一一一', '一一一一・一一一一', 'katakana middle dots/card'],
  ['phone', 'call 四幺五 五五五 两六拐幺', '两六拐幺', 'spoken as on the radio/phone'],
  ['ssn', 'ssn five three six nine oh four four one seven', 'four four one seven', 'oh for zero/ssn'],
];

/** How people read a number aloud: in pairs ("forty-one eleven"), tens ("ninety"), teens, "double" and "triple", "hundred". */
const spokenNumbers: readonly LeakCase[] = [
  ['card', 'card forty-one eleven, eleven eleven, eleven eleven, eleven eleven', 'eleven eleven, eleven', 'pairs/card'],
  ['card', 'card Forty One Eleven Eleven Eleven Eleven Eleven Eleven Eleven', 'Eleven Eleven Eleven', 'pairs, capitalized/card'],
  ['card', 'card forty-two forty-two forty-two forty-two forty-two forty-two forty-two forty-two', 'forty-two forty-two forty-two', 'one pair over and over/card'],
  ['card', 'card 4111 eleven eleven 1111 eleven eleven', 'eleven eleven 1111', 'pairs among digits/card'],
  ['ssn', 'ssn five thirty-six, ninety, forty-four seventeen', 'forty-four seventeen', 'pairs and tens/ssn'],
  ['ssn', 'ssn 536 ninety 4417', 'ninety 4417', 'a tens word among digits/ssn'],
  ['card', 'ref 12 34 forty-one eleven eleven eleven eleven eleven eleven eleven', 'eleven eleven eleven', 'right after other numbers/card'],
  ['ssn', 'ssn five three six ninety forty four one seven', 'forty four one seven', 'tens, spaced/ssn'],
  ['ssn', 'ssn five hundred thirty-six, ninety, forty-four seventeen', 'forty-four seventeen', 'hundred/ssn'],
  ['ssn', 'ssn five hundred and thirty six, ninety, four thousand four hundred seventeen', 'four hundred seventeen', 'hundred and thousand/ssn'],
  ['ssn', 'ssn fivethirtysix-ninety-fourtyfourseventeen', 'fourtyfourseventeen', 'glued, misspelled forty/ssn'],
  ['phone', 'call four fifteen, five fifty-five, twenty-six seventy-one', 'twenty-six seventy-one', 'pairs/phone'],
  ['phone', 'call four one five double five five two six seven one', 'double five five', 'double/phone'],
  ['phone', 'call four one five triple five two six seven one', 'triple five', 'triple/phone'],
  ['phone', 'call 415 triple-five 2671', 'triple-five 2671', 'triple among digits/phone'],
  ['phone', 'call four one five, double-five five, twenty-six seventy-one', 'twenty-six seventy-one', 'double and pairs/phone'],
  // Any dash, an underscore, quotes and a text table's bars between the words.
  ['ssn', 'ssn five thirty–six ninety forty–four seventeen', 'forty–four seventeen', 'en dashes/ssn'],
  ['ssn', 'ssn five—thirty-six—ninety—forty-four—seventeen', 'forty-four—seventeen', 'em dashes/ssn'],
  ['ssn', 'ssn five_thirty_six_ninety_forty_four_seventeen', 'forty_four_seventeen', 'underscores/ssn'],
  ['ssn', 'ssn ["five", "thirty-six", "ninety", "forty-four", "seventeen"]', '"forty-four", "seventeen"', 'a JSON list/ssn'],
  ['ssn', "ssn {'five','thirty six','ninety','forty four','seventeen'}", "'forty four','seventeen'", 'a quoted list/ssn'],
  ['ssn', 'ssn ["536", "ninety", "4417"]', '"ninety", "4417"', 'a JSON list of digits and a word/ssn'],
  ['ssn', 'ssn | five | thirty six | ninety | forty four | seventeen |', 'forty four | seventeen', 'a text table row/ssn'],
  ['phone', 'call four one five – five five five – two six seven one', 'two six seven one', 'digit words and en dashes/phone'],
  // PostgreSQL's cash_words(value::money), and the value over 100 so its last digits are cents.
  ['ssn', 'ssn Five hundred thirty six million nine hundred and four thousand four hundred and seventeen dollars and zero cents', 'four hundred and seventeen', 'cash_words/ssn'],
  ['ssn', 'ssn Five million three hundred sixty nine thousand forty four dollars and seventeen cents', 'forty four dollars', 'cash_words of the value over 100/ssn'],
  ['card', 'card Four quadrillion one hundred and eleven trillion one hundred and eleven billion one hundred and eleven million one hundred and eleven thousand one hundred and eleven dollars and zero cents', 'one hundred and eleven thousand', 'cash_words/card'],
  ['card', 'card Four quadrillion twelve trillion eight hundred eighty eight billion eight hundred eighty eight million eight hundred eighty one thousand eight hundred eighty one dollars and zero cents', 'eight hundred eighty one thousand', 'cash_words, a test card/card'],
  ['card', 'card Forty one trillion one hundred and eleven billion one hundred and eleven million one hundred and eleven thousand one hundred and eleven dollars and eleven cents', 'eleven dollars', 'cash_words of the card over 100/card'],
  ['phone', 'call Four billion one hundred fifty five million five hundred fifty two thousand six hundred seventy one dollars and zero cents', 'six hundred seventy one', 'cash_words/phone'],
  // Groups written in digits between scale words, as a reader shortens a long number.
  ['phone', 'call 4 billion 155 million 552 thousand 671', '552 thousand 671', 'digits and scale words/phone'],
  ['ssn', 'ssn 536 million 904 thousand 417', '904 thousand 417', 'digits and scale words/ssn'],
  ['ssn', 'ssn 5 hundred 36 million 9 hundred 4 thousand 4 hundred 17', '4 hundred 17', 'digits, hundreds and scale words/ssn'],
  ['ssn', 'ssn five hundred 36 million 904 thousand four hundred seventeen', '904 thousand', 'digits among number words/ssn'],
  ['card', 'card 4 quadrillion 111 trillion 111 billion 111 million 111 thousand 111', '111 thousand 111', 'digits and scale words/card'],
  ['phone', 'call 4-billion-155-million-552-thousand-671', '552-thousand-671', 'digits and scale words, dashed/phone'],
  ['phone', 'call 4billion155million552thousand671', 'thousand671', 'digits and scale words, glued/phone'],
  ['ssn', 'ssn 536 million 904 thousand 417 dollars and 0 cents', '904 thousand 417', 'digits and scale words in dollars and cents/ssn'],
  ['iban', 'iban DE89 thirty-seven oh four, double oh forty-four, oh five thirty-two, oh one thirty, double oh', 'oh five thirty-two', 'pairs and double oh/iban'],
];

/** The same in other languages, whose words of two digits are one word or joined by "y", "e", "et", "und", "en". */
const spokenNumbersElsewhere: readonly LeakCase[] = [
  ['ssn', 'ssn cinco treinta y seis noventa cuarenta y cuatro diecisiete', 'cuarenta y cuatro diecisiete', 'Spanish/ssn'],
  ['card', 'tarjeta cuarenta y uno once, once once, once once, once once', 'once once, once', 'Spanish/card'],
  ['phone', 'call cuatro quince, cinco cincuenta y cinco, veintiséis setenta y uno', 'veintiséis setenta y uno', 'Spanish, one word for 26/phone'],
  ['ssn', 'ssn cinq trente-six quatre-vingt-dix quarante-quatre dix-sept', 'quarante-quatre dix-sept', 'French/ssn'],
  ['phone', 'call quatre quinze, cinq cinquante-cinq, vingt-six soixante et onze', 'vingt-six soixante et onze', 'French, 71/phone'],
  ['ssn', 'ssn cinq trente six nonante quarante quatre dix sept', 'quarante quatre dix sept', 'Belgian French, spaces/ssn'],
  ['ssn', 'ssn fünf sechsunddreißig neunzig vierundvierzig siebzehn', 'vierundvierzig siebzehn', 'German/ssn'],
  ['ssn', 'ssn fuenf sechsunddreissig neunzig vierundvierzig siebzehn', 'vierundvierzig siebzehn', 'German, typed without umlaut and ß/ssn'],
  ['card', 'Karte einundvierzig elf elf elf elf elf elf elf', 'elf elf elf', 'German/card'],
  ['ssn', 'ssn cinque trentasei novanta quarantaquattro diciassette', 'quarantaquattro diciassette', 'Italian/ssn'],
  ['card', 'carta quarantuno undici undici undici undici undici undici undici', 'undici undici undici', 'Italian, the vowel dropped before uno/card'],
  ['ssn', 'ssn cinco trinta e seis noventa quarenta e quatro dezessete', 'quarenta e quatro dezessete', 'Portuguese/ssn'],
  ['ssn', 'ssn vijf zesendertig negentig vierenveertig zeventien', 'vierenveertig zeventien', 'Dutch/ssn'],
  ['phone', 'call vier vijftien, vijf vijfenvijftig, zesentwintig eenenzeventig', 'zesentwintig eenenzeventig', 'Dutch/phone'],
  ['ssn', 'ssn пять тридцать шесть девяносто сорок четыре семнадцать', 'сорок четыре семнадцать', 'Russian/ssn'],
  // The words inside one number joined by any dash or an underscore, as English ones may be.
  ['ssn', 'ssn cinco-treinta-y-seis-noventa-cuarenta-y-cuatro-diecisiete', 'cuarenta-y-cuatro-diecisiete', 'Spanish, hyphens/ssn'],
  ['ssn', 'ssn cinq_trente_six_quatre_vingt_dix_quarante_quatre_dix_sept', 'quarante_quatre_dix_sept', 'French, underscores/ssn'],
  ['ssn', 'ssn пять–тридцать–шесть–девяносто–сорок–четыре–семнадцать', 'сорок–четыре–семнадцать', 'Russian, en dashes/ssn'],
];

const cases: Readonly<Record<string, readonly LeakCase[]>> = {
  leet,
  'look-alike groups': lookalikeGroups,
  'other languages': [...otherLanguages, ...otherLanguagesMixed],
  'CJK numerals': cjk,
  'numbers spoken in pairs, tens and doubles': spokenNumbers,
  'numbers spoken in pairs in other languages': spokenNumbersElsewhere,
};

/** Hex digests, UUIDs and base64 tokens made from a counter: the shapes of ids in logs and tables. */
const digest = (algorithm: string, i: number, encoding: 'hex' | 'base64' | 'base64url'): string => createHash(algorithm).update(String(i)).digest(encoding);
const uuid = (i: number): string => digest('md5', i, 'hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const counter = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const decoys: readonly string[] = [
  ...counter(20).map((i) => `request ${uuid(i)} done`),
  ...counter(20).map((i) => `TRACE ${uuid(i + 100).toUpperCase()}`),
  ...counter(15).map((i) => `commit ${digest('sha1', i, 'hex')}`),
  ...counter(15).map((i) => `MD5 ${digest('md5', i + 200, 'hex').toUpperCase()}`),
  ...counter(10).map((i) => `short ${digest('sha1', i + 300, 'hex').slice(0, 12)} ${digest('sha1', i + 400, 'hex').slice(0, 7).toUpperCase()}`),
  ...counter(15).map((i) => `token ${digest('sha256', i, 'base64')}`),
  ...counter(10).map((i) => `session=${digest('sha256', i + 500, 'base64url').slice(0, 22)}`),
  // Hex ids, units, sizes.
  'flags 1B0B 0xBEEF 0xCAFEBABE 0xDEADBEEF 1E10 5E3',
  'the 100lb box, 10l of water, 500B, 2GB, 16GB RAM, 512MB, 4TB and 1.5TB disks',
  'sizes 500B 1B0B 12B 4096B, speeds 100Gb 40Gbps 10Gb/s, 5G and 4G LTE',
  'color #1B2B3B and #B0B0B0, #EEE, #A1B2C3',
  'mem 0x7ffe5b4a2c10 at 0x00007f3a1b2c4d5e',
  'colors 1E1E1E 2A2A2A 3B3B3B 4C4C4C',
  'MAC 00:1B:44:11:3A:B7, 00-1B-63-84-45-E6',
  'IPv6 fe80::1b:2e:3a:4b and 2001:db8::1',
  // Versions and builds.
  'node v20.11.1, python 3.12.2, go1.22.1, java 17.0.10+7',
  'release 2.0.0-beta.3, build 2024.05.01-1234, rev 4e5a1b2',
  'kernel 5.15.0-105-generic, glibc 2.35, gcc 11.4.0',
  'version 1.2.3.4567, SDK 34, API level 33, iOS 17.4.1',
  'OpenSSL 3.0.13 30 Jan 2024, zlib 1.3.1',
  'docker image sha256:9b2a4e7f1c3d and tag 1.25.4-alpine3.19',
  // Part numbers, SKUs, model names.
  'part SN74LS00N, LM317T, NE555P, ATmega328P-PU, BSS138',
  'model XPS 13 9310, T480s, ThinkPad X1, Galaxy S24, A54 5G',
  'SKU AB-1234-ZZ, item 12-345-678, order SO-2024-000123',
  'bolt M8x1.25 50mm, A4-70 stainless, DIN 933, grade 8.8',
  'drive ST4000DM004, WD40EZAZ, SSD 980 PRO 2TB',
  'flight BA 117, LH 400, EZY 8123, seat 32B and 14E',
  'route A1 B52 E45, bus 5A, train ICE 1537',
  'vitamin B12, B6, D3 2000 IU, omega-3 1000 mg',
  'paper A4, A3, B5; pencils 2B, 4B, 6B, HB',
  'plates AB12 CDE, B123 ABC, 1ABC234',
  'chess 1.e4 e5 2.Nf3 Nc6 3.Bb5 a6 4.Ba4 Nf6',
  'sudoku 534678912 672195348 198342567',
  'ISBN 978-3-16-148410-0, ISSN 0317-8471',
  'GTIN 4006381333931, EAN 5901234123457',
  'zip 90210, 10001-1234, SW1A 1AA, EC1A 1BB, 75008',
  // Log lines.
  '2024-05-01T12:34:56.789Z INFO  [main] started in 1234 ms (pid 4417)',
  '2024-05-01 12:34:56,789 ERROR [pool-3-thread-7] timeout after 30000ms',
  'May  1 12:34:56 host sshd[2417]: Accepted publickey for git from 10.0.0.5 port 52144',
  '127.0.0.1 - - [01/May/2024:12:34:56 +0000] "GET /api/v1/items?id=42 HTTP/1.1" 200 5123',
  'GC pause (G1 Evacuation Pause) 12M->4M(256M) 3.456ms',
  'E0501 12:34:56.789012  4417 controller.go:114] error syncing pod',
  'W20240501 12:34:56.123 1 dispatcher.cc:456] queue 75% full',
  'level=info ts=2024-05-01T12:34:56Z caller=main.go:123 msg="ok" took=1.5s',
  'exit status 137, OOMKilled, restarts 5, age 3d4h',
  'pg: duration: 0.123 ms  statement: SELECT 1; rows 15000, lsn 0/1B3E4F8',
  'txid 5014 xmin 4999 xmax 5020, relfilenode 16384, oid 24576',
  'S3 bucket logs-2024 key 2024/05/01/part-00000-b6e1.snappy.parquet',
  'kafka offset 1234567 partition 12 topic orders-v2 lag 0',
  'HTTP 404, 500, 502, 503; retry in 5s, backoff 2x, max 60s',
  // Prose with letters that look like digits.
  'I saw 3 BEES and 5 GOATS at the zoo on Oct 12',
  'SOS! LOL, OMG, BBQ at 7, GG EZ, TBA, ASAP',
  'Bob is 52, his son is 25; they live at 101 Oak St, Apt 2B',
  'Go 2 Sleep, Be Strong, see you at 10 on Z deck',
  'The ZZ Top concert, B-52s, U2 and Blink-182 in 1999',
  'A 1 B 2 C 3 and so on to Z 26',
  'Section 5 subsection B, clause 12(b)(iii), Article 8 GDPR',
  'Tests: 5 of 5 passed, total 2039 asserts, 0 failures',
  'score 3-2, sets 6-4 6-3, lap 1:23.456, pace 5:12/km',
  'the bus leaves at 5 and the BBS goes down at 6, see TOS',
  'BIOS 1.0.2, EFI v2.70, TPM 2.0, SSE4.2, AVX2',
  'he is ill and lol 100, loo 200, ool 300',
  'Illinois 1001, Ohio 2024 and Idaho 83702',
  'Ill, loo, Io, IO, lol, Oo, oOo, Il, OI',
  'IO IO IO, lo lo lo, ll ll ll',
  'col1 | col2 | col3\n----|----|----\n 12 | 34 | 56',
  '| id | name | qty |\n|----|------|-----|\n| 1 | bob | 25 |',
  'a || b && c || d, x | y | z',
  'cat file | grep 404 | wc -l',
  'id|2024|05|01|4155|2671',
  '12|4155|2671|0501|2024',
  'ls -la /var/log | tail -n 100',
  'ssh user@host -p 2222, scp -P 22 file host:',
  'room B12, floor 3, building E, gate A4, terminal 2',
  'Q3 2024 revenue up 12%, Q4 guidance $5B to $6B',
  'net 30 days, 2/10 net 30, APR 19.99%',
  'temperature 37.5C, 98.6F, pressure 120/80, BMI 22.5',
  'moved 500 boxes, 12 bags, 3 beds and 42 TVs',
  'git log --oneline -5 and git show 4e5a1b2',
  'SELECT id, name FROM users WHERE id IN (1, 2, 3) LIMIT 50',
  'INSERT INTO t VALUES (1, NULL, NULL, 2, NULL, 3, NULL, 4, NULL, 5)',
  '[null, null, null, null, null, null, null, null, null, null, null, null]',
  '{"a": null, "b": null, "c": null, "d": null, "e": null, "f": null, "g": null, "h": null, "i": null}',
  '[1, null, 2, null, 3, null, 4, null, 5, null, 6, null, 7, null, 8, null]',
  'NULL NULL NULL NULL NULL NULL NULL NULL NULL',
  'values 0, 0, 0, 0, 0, 0, 0, 0, 0, 0',
  // Prose in other languages, with their number words.
  'Tengo dos perros y tres gatos, y uno de ellos tiene seis años.',
  'uno, dos, tres, cuatro, cinco, seis, siete, ocho, nueve',
  'Il y a un chat et deux chiens, trois oiseaux et six poissons.',
  'un deux trois, nous irons au bois; quatre cinq six, cueillir des cerises',
  'Ich habe zwei Brüder und drei Schwestern, eins zwei drei los!',
  'eins, zwei, drei, vier, fünf, sechs, sieben, acht, neun',
  'Ho due gatti e tre cani; uno è nero, sei sono bianchi.',
  'Tenho dois irmãos e três irmãs; um deles tem sete anos.',
  'Ik heb een hond en twee katten, drie vissen en zes vogels.',
  'een twee drie vier vijf zes zeven acht negen tien',
  'У меня два брата и три сестры, один из них живёт в Москве.',
  'один, два, три, четыре, пять — вышел зайчик погулять',
  'due to the rule, one sei whale and un deux trois',
  'Mil novecientos noventa y nueve, el año dos mil',
  'vingt et un, quatre-vingt-dix-neuf, mille deux cent',
  'tre volte tre fa nove, due più due fa quattro',
  'seis de mayo de dos mil veinticuatro',
  'zero um dois, contagem feita; três quatro cinco',
  'oh no, oh well, one or two, oh one more thing',
  // English numbers in prose: ages, scores, years, counts, a countdown.
  'in nineteen ninety nine we had forty two staff, twenty in sales',
  'the score was twenty one to nineteen, then thirty to fifteen',
  "I'm thirty six, she's forty two and he's seventy one",
  'chapters eleven, twelve and thirteen; pages twenty to thirty',
  'twenty twenty four was a leap year, so was twenty twenty',
  'ten, nine, eight, seven, six, five, four, three, two, one, liftoff',
  'one hundred and twenty three people, double the last year',
  'a double espresso, triple sec, and a hundred thanks',
  'four hundred and four, five hundred and three, two hundred OK',
  'fifty fifty odds, seventy thirty split, ninety ten rule',
  'we served 2 billion requests from 12 million users in 2023',
  'twenty five million three hundred thousand dollars, up from nine billion',
  'steps: one 2 three 4 five 6 seven 8 nine, then ten',
  'Twelve dollars and ninety nine cents, One thousand two hundred fifty dollars and zero cents',
  // Other languages' numbers in prose.
  'Tengo treinta y cinco años y mi hermano cuarenta y dos; nacimos en mil novecientos noventa',
  'Il a quatre-vingt-dix-neuf ans, sa fille soixante et onze et son petit-fils vingt-deux',
  'Ich bin einundzwanzig Jahre alt, sie ist neunzehn und er dreiundvierzig',
  'Ho trentacinque anni, lei ventotto e lui quarantuno',
  'Ik ben vijfentwintig jaar, zij is negentien en hij tweeënveertig',
  'Мне тридцать пять лет, ей двадцать восемь, а ему сорок один',
  'once upon a time, once again, seize the day, elf on the shelf',
  // CJK prose and dates.
  '二〇二四年五月一日，星期三',
  '一千二百三十四元五角',
  '第一章 第二节 第三段',
  '三三两两，一五一十，七上八下，九九归一',
  '十一月十二日下午三点四十五分',
  '我有三个苹果和五个橘子，一共八个。',
  '壹万贰仟叁佰肆拾伍元整',
  '令和六年五月一日、午後三時',
  '一二三四五六七八九十',
  '電話：〇三－一二三四',
  '価格は一万二千円です',
  '第二十一回 大会 一位 二位 三位',
  '一月 二月 三月 四月 五月 六月 七月 八月 九月',
  '零点五，百分之三十，千分之一',
  '七七事变，九一八事变，五四运动',
  '统计：一年级二班三组四号',
  '○○さん、○○様、○ 項目一 ○ 項目二',
  '两个人，三三两两，拐弯，山洞，勾选',
  // Amounts, dates, ids, phones too short.
  'price $1111.00, was $1299.99; now $999.00',
  'on 2024-05-01 at 12:34:56, again 01.05.2024 10:45',
  'ids 1001 2002 3003, ticket INC0012345, PR #4417',
  'call ext 4417 or 555-1234',
  'order 12345678 shipped in box 87654321',
];

describe('attack corpus: digits spelled as leet letters, look-alike groups, other languages\' words and CJK numerals', () => {
  for (const [subclass, rows] of Object.entries(cases)) {
    it(`masks each value spelled with ${subclass}, in free text`, () => {
      assert.deepEqual(leaksThrough(inText(defaults), rows), []);
    });

    it(`masks each value spelled with ${subclass}, in a table cell`, () => {
      assert.deepEqual(leaksThrough(inCell(defaults), rows), []);
    });
  }

  it(`leaves ${decoys.length} honest strings as they are: ids, hashes, UUIDs, tokens, units, versions, part numbers, logs, prose`, () => {
    assert.ok(decoys.length >= 200);
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });

  it('leaves the same honest strings as they are in a table cell', () => {
    const changed = decoys.map((text) => [text, inCell(defaults)(text).text]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });

  it('reads a count to ten in words as it reads the same count in digits (masked as a phone number, a known false positive)', () => {
    const digits = defaults.maskText('1, 2, 3, 4, 5, 6, 7, 8, 9, 10');
    assert.notEqual(digits, '1, 2, 3, 4, 5, 6, 7, 8, 9, 10');
    for (const count of ['one, two, three, four, five, six, seven, eight, nine, ten', 'uno, dos, tres, cuatro, cinco, seis, siete, ocho, nueve, diez', 'eins, zwei, drei, vier, fünf, sechs, sieben, acht, neun, zehn']) {
      assert.equal(defaults.maskText(count), '[REDACTED:phone]', count);
    }
  });
});
