import { CJK, CONTROL, WHITESPACE, charClass } from './chars';

/** BertNormalizer switches (Hugging Face names in the comments). */
export interface NormalizerOptions {
  /** `clean_text`: drop control/format characters, map every whitespace to ' '. */
  cleanText: boolean;
  /** `handle_chinese_chars`: put spaces around CJK characters so each becomes its own word. */
  handleChineseChars: boolean;
  /** `strip_accents`: NFD then drop combining marks (Mn). HF's `null` means "same as lowercase". */
  stripAccents: boolean;
  /** `lowercase`. */
  lowercase: boolean;
}

const MN = /\p{Mn}/gu;

/**
 * Normalise text as HF `BertNormalizer` does, step order included: clean, CJK padding, accent stripping,
 * lower-casing. Non-ASCII characters are transformed one code point at a time (NFD and lowercase are
 * per-character mappings here) and cached.
 */
export class BertNormalizer {
  private readonly cache = new Map<number, string>();

  constructor(readonly options: NormalizerOptions) {}

  normalize(text: string): string {
    const { cleanText, handleChineseChars, lowercase } = this.options;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      if (cp < 0x80) {
        if (cleanText && (cp === 0 || (cp < 0x20 && cp !== 9 && cp !== 10 && cp !== 13) || cp === 0x7f)) continue;
        if (cleanText && (cp === 9 || cp === 10 || cp === 13)) out += ' ';
        else if (lowercase && cp >= 0x41 && cp <= 0x5a) out += String.fromCharCode(cp + 32);
        else out += String.fromCharCode(cp);
        continue;
      }
      const cls = charClass(cp);
      if (cleanText) {
        if (cls & CONTROL) continue;
        if (cls & WHITESPACE) {
          out += ' ';
          continue;
        }
      }
      if (handleChineseChars && cls & CJK) {
        out += ' ' + String.fromCodePoint(cp) + ' ';
        continue;
      }
      out += this.mapChar(cp);
    }
    return out;
  }

  private mapChar(cp: number): string {
    let s = this.cache.get(cp);
    if (s === undefined) {
      s = String.fromCodePoint(cp);
      if (this.options.stripAccents) s = s.normalize('NFD').replace(MN, '');
      if (this.options.lowercase) s = s.toLowerCase();
      this.cache.set(cp, s);
    }
    return s;
  }
}
