import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ingestTfRecords } from './ingest';
import { encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { openStore } from './store-reader';
import { MAX_ASR_BYTES, MAX_TITLE_BYTES, truncateUtf8 } from './store-writer';
import { TfRecordWriter } from '@vidsim/tfrecord';

// Real titles (Toutiao headlines) when the shared data is there; the tests also build long Chinese text themselves.
const TITLES_FILE = join(__dirname, '../../../../../../shared/data/toutiao/titles.txt');
const HAN =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研';
function chineseText(chars: number, seed: number): string {
  let s = seed >>> 0;
  let out = '';
  for (let i = 0; i < chars; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out += i % 17 === 16 ? '，' : HAN[(s >>> 8) % HAN.length];
  }
  return out;
}
function realTitles(): string[] | undefined {
  if (!existsSync(TITLES_FILE)) return undefined;
  return readFileSync(TITLES_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('_!_')[3] ?? '')
    .filter(Boolean);
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dp-text-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function video(i: number, title: string, asrText: string): OfficialVideo {
  // 40-frame videos, as the official data has; the store keeps maxFrames of them.
  const frames = Array.from({ length: 40 }, (_, j) => new Uint16Array(FRAME_DIM).fill(0x3c00 + ((i + j) & 0xff)));
  return {
    id: String(18446744073709551000n + BigInt(i)),
    title,
    asrText,
    frames,
    tagIds: [BigInt(i % 9)],
    categoryId: 10100 + (i % 4),
  };
}

async function writeFile(file: string, vids: OfficialVideo[]): Promise<void> {
  const w = await TfRecordWriter.open(file);
  for (const v of vids) await w.write(encodeOfficialExample(v));
  await w.close();
}

async function readBack(out: string, set: string): Promise<{ ids: string[]; titles: string[]; asr: string[] }> {
  const r = { ids: [] as string[], titles: [] as string[], asr: [] as string[] };
  for await (const b of (await openStore(out)).table(set).batches(64, { columns: ['id', 'title', 'asr_text'] })) {
    r.ids.push(...b.ids);
    r.titles.push(...b.titles!);
    r.asr.push(...b.asrTexts!);
  }
  return r;
}

describe('store writer with realistic text lengths', () => {
  it('stores 128-row batches of 60-character titles and multi-thousand-character ASR exactly', async () => {
    // 300 videos: titles 20..80 Chinese characters (60-240 bytes: a batch holds ~19 KiB of titles, past the old 8 KiB),
    // ASR up to 6000 characters (18 KB each: a batch holds over 1 MB, past the old 32 KiB).
    const vids = Array.from({ length: 300 }, (_, i) =>
      video(i, chineseText(20 + (i % 61), i), i % 3 === 0 ? '' : chineseText(500 + ((i * 37) % 5500), i + 7)),
    );
    await writeFile(join(dir, 'a.tfrecords'), vids);
    const out = join(dir, 'store');
    const s = await ingestTfRecords({
      sets: { pointwise: [join(dir, 'a.tfrecords')] },
      outDir: out,
      maxFrames: 2,
      workers: 1,
    });
    expect(s.sets.pointwise.rows).toBe(300);
    expect(s.truncatedTexts).toEqual([]);
    const back = await readBack(out, 'pointwise');
    expect(back.ids).toEqual(vids.map((v) => v.id));
    expect(back.titles).toEqual(vids.map((v) => v.title));
    expect(back.asr).toEqual(vids.map((v) => v.asrText));
  });

  it('stores the real Toutiao headlines byte for byte', async () => {
    const titles = realTitles();
    if (!titles) {
      console.warn(`skipped: ${TITLES_FILE} is absent (shared data)`);
      return;
    }
    const picked = titles.filter((_, i) => i % 97 === 0).slice(0, 400);
    expect(Math.max(...picked.map((t) => t.length))).toBeGreaterThan(25);
    const vids = picked.map((t, i) => video(i, t, t.repeat(20)));
    await writeFile(join(dir, 'a.tfrecords'), vids);
    await ingestTfRecords({
      sets: { pointwise: [join(dir, 'a.tfrecords')] },
      outDir: join(dir, 'store'),
      maxFrames: 1,
      workers: 1,
    });
    const back = await readBack(join(dir, 'store'), 'pointwise');
    expect(back.titles).toEqual(picked);
  });

  it('truncates a 10 MB title and an absurd ASR at a character boundary, counting and naming each', async () => {
    const huge = chineseText(3_500_000, 1); // 10.5 MB of UTF-8
    const vids = [video(0, '正常标题', ''), video(1, huge, 'a'.repeat(MAX_ASR_BYTES + 5)), video(2, '第三个', '好')];
    await writeFile(join(dir, 'a.tfrecords'), vids);
    const out = join(dir, 'store');
    const before = process.memoryUsage().rss;
    const s = await ingestTfRecords({
      sets: { pointwise: [join(dir, 'a.tfrecords')] },
      outDir: out,
      maxFrames: 1,
      workers: 1,
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(400 << 20);
    expect(s.truncatedTexts.map((t) => [t.id, t.field, t.bytes])).toEqual([
      [vids[1].id, 'title', Buffer.byteLength(huge)],
      [vids[1].id, 'asr_text', MAX_ASR_BYTES + 5],
    ]);
    expect(s.truncatedTexts[0]).toMatchObject({ file: join(dir, 'a.tfrecords'), offset: expect.any(Number) });
    const back = await readBack(out, 'pointwise');
    expect(back.titles[0]).toBe('正常标题');
    expect(back.titles[2]).toBe('第三个');
    expect(Buffer.byteLength(back.titles[1])).toBeLessThanOrEqual(MAX_TITLE_BYTES);
    expect(huge.startsWith(back.titles[1])).toBe(true); // cut between characters, never inside one
    expect(back.titles[1].length).toBe(Math.floor(MAX_TITLE_BYTES / 3));
    expect(back.asr[1]).toBe('a'.repeat(MAX_ASR_BYTES));
  });

  it('truncateUtf8 never splits a character (1- to 4-byte sequences)', () => {
    const enc = new TextEncoder();
    const text = 'aé中😀'.repeat(50);
    const bytes = enc.encode(text);
    for (let max = 0; max < 40; max++) {
      const cut = truncateUtf8(bytes, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.length).toBeGreaterThan(max - 4);
      expect(text.startsWith(new TextDecoder('utf-8', { fatal: true }).decode(cut))).toBe(true);
    }
  });
});
