import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write';

describe('atomic write', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-atomic-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes through a temp name, creating folders, leaving no temp behind', async () => {
    const file = path.join(dir, 'a', 'b.json');
    await writeFileAtomic(file, '{"x":1}');
    writeFileAtomicSync(path.join(dir, 'c.bin'), new Uint8Array([1, 2]));
    expect(fs.readFileSync(file, 'utf8')).toBe('{"x":1}');
    expect(fs.readFileSync(path.join(dir, 'c.bin'))).toEqual(Buffer.from([1, 2]));
    expect(fs.readdirSync(path.join(dir, 'a'))).toEqual(['b.json']);
  });

  it('leaves the target as it was and removes its temp file when the rename fails', async () => {
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside.txt'), 'old');
    // a non-empty folder as the target makes the rename fail after the temp file is written
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(fs.readFileSync(path.join(target, 'inside.txt'), 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
