/**
 * Character classes with the semantics of Hugging Face `tokenizers` (Rust) BertNormalizer/BertPreTokenizer,
 * precomputed for the BMP so the hot loop is a table lookup.
 */
export const CONTROL = 1; // removed by clean_text: NUL, U+FFFD and Unicode "Other" (Cc Cf Cn Co Cs) except \t \n \r
export const WHITESPACE = 2; // \t \n \r and the White_Space property (Rust char::is_whitespace)
export const CJK = 4; // the BERT "Chinese character" blocks
export const PUNCT = 8; // ASCII punctuation or Unicode P* (Pc Pd Pe Pf Pi Po Ps)

const OTHER = /^\p{C}$/u;
const SPACE = /^\p{White_Space}$/u;
const PUNCT_RE = /^\p{P}$/u;
const ASCII_PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let c = 0;
  if (cp === 9 || cp === 10 || cp === 13) c |= WHITESPACE;
  else {
    if (cp === 0 || cp === 0xfffd || OTHER.test(ch)) c |= CONTROL;
    if (SPACE.test(ch)) c |= WHITESPACE;
  }
  if (isCjk(cp)) c |= CJK;
  if (ASCII_PUNCT.has(ch) || PUNCT_RE.test(ch)) c |= PUNCT;
  return c;
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, number>();

/** The class bits of a code point. */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    if (!bmp) {
      bmp = new Uint8Array(0x10000);
      // Lone surrogates are category Cs: removed by clean_text like other "Other" code points.
      for (let i = 0; i < 0x10000; i++) bmp[i] = i >= 0xd800 && i <= 0xdfff ? CONTROL : classify(i);
    }
    return bmp[cp];
  }
  let c = astral.get(cp);
  if (c === undefined) {
    c = classify(cp);
    astral.set(cp, c);
  }
  return c;
}
