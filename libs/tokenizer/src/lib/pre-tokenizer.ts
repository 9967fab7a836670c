import { PUNCT, WHITESPACE, charClass } from './chars';

/**
 * HF `BertPreTokenizer`: split on whitespace (dropped) and on punctuation (each mark its own word).
 * Input is normalised text; output is the list of words in order.
 */
export function bertPreTokenize(text: string, out: string[] = []): string[] {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let cp = code;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (code - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const cls =
      cp < 0x80 ? (cp === 32 || (cp >= 9 && cp <= 13) ? WHITESPACE : isAsciiPunct(cp) ? PUNCT : 0) : charClass(cp);
    if (cls & (WHITESPACE | PUNCT)) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
      if (cls & PUNCT && !(cls & WHITESPACE)) out.push(text.slice(i, i + width));
    } else if (start < 0) start = i;
    i += width - 1;
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

function isAsciiPunct(cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
}
