// The skip-gram / negative-sampling update of one (context word, targets) pair as a WebAssembly SIMD kernel (f32x4),
// hand-assembled here so that no wasm toolchain is needed. It is word2vec.c's inner loop in single precision, as
// word2vec.c and gensim compute it; JS keeps the sampling (so both kernels draw the same random numbers).

/** unsigned LEB128 */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** signed LEB128 (small constants only) */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const f32Bytes = (x: number): number[] => Array.from(new Uint8Array(Float32Array.of(x).buffer));
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(Buffer.from(s, 'utf8'))];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
// Parameters, then locals, by index.
const ROW1 = 0; // byte offset of the context word's input vector (syn0 row)
const TGT = 1; // byte offset of a u32 list of target byte offsets (syn1 rows); entry 0 is the positive
const N = 2; // number of targets
const ALPHA = 3; // learning rate (f32)
const BPR = 4; // bytes per row, a multiple of 16
const WORK = 5; // byte offset of a BPR-byte scratch row (neu1e)
const EXP = 6; // byte offset of the sigmoid table
const T = 7;
const K = 8;
const ROW2 = 9;
const F = 10;
const ACC = 11;
const GV = 12;
const ACC2 = 13;

const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const tee = (i: number): number[] => [0x22, ...uleb(i)];
const i32c = (n: number): number[] => [0x41, ...sleb(n)];
const f32c = (x: number): number[] => [0x43, ...f32Bytes(x)];
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const I32_GE_U = 0x4f;
const I32_EQZ = 0x45;
const I32_OR = 0x72;
const F32_ADD = 0x92;
const F32_SUB = 0x93;
const F32_MUL = 0x94;
const F32_LE = 0x5f;
const F32_GE = 0x60;
const I32_TRUNC_F32_S = 0xa8;
const F32_CONVERT_I32_U = 0xb3;
const i32Load = [0x28, 2, 0];
const f32Load = [0x2a, 2, 0];
// memarg: alignment hint 2^4, then a constant offset (0 or 16: the loops below do two vectors a step).
const v128Load = (off: number): number[] => [0xfd, 0x00, 4, off];
const v128Store = (off: number): number[] => [0xfd, 0x0b, 4, off];
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const f32x4Splat = [0xfd, 0x13];
const lane = (l: number): number[] => [0xfd, 0x1f, l];
const F32X4_ADD = [0xfd, ...uleb(228)];
const F32X4_MUL = [0xfd, ...uleb(230)];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const br = (d: number): number[] => [0x0c, d];
const brIf = (d: number): number[] => [0x0d, d];
const at = (base: number): number[] => [...get(base), ...get(K), I32_ADD];
/** `for (k = 0; k < BPR; k += 32) { body(0); body(16) }`: rows are padded to a multiple of 8 floats. */
const rowLoop = (body: (off: number) => number[]): number[] => [
  ...i32c(0),
  ...set(K),
  ...LOOP,
  ...body(0),
  ...body(16),
  ...get(K),
  ...i32c(32),
  I32_ADD,
  ...tee(K),
  ...get(BPR),
  I32_LT_U,
  ...brIf(0),
  END,
];

/**
 * sg(row1, tgt, n, alpha, bpr, work, exp): work = 0; for each target t: f = syn0[row1] . syn1[t]; unless |f| >= 6,
 * g = (label - sigmoid(f)) * alpha (label 1 for entry 0), work += g * syn1[t], syn1[t] += g * syn0[row1]; finally
 * syn0[row1] += work.
 */
function kernelBody(maxExp: number, tableSize: number): number[] {
  return [
    ...rowLoop((o) => [...at(WORK), ...v128Zero, ...v128Store(o)]),
    ...i32c(0),
    ...set(T),
    ...BLOCK,
    ...LOOP,
    ...get(T),
    ...get(N),
    I32_GE_U,
    ...brIf(1),
    ...get(TGT),
    ...get(T),
    ...i32c(2),
    I32_SHL,
    I32_ADD,
    ...i32Load,
    ...set(ROW2),
    ...v128Zero,
    ...set(ACC),
    ...v128Zero,
    ...set(ACC2),
    // two accumulators, one per half of the step, so consecutive adds do not wait on each other
    ...rowLoop((o) => {
      const acc = o === 0 ? ACC : ACC2;
      return [
        ...get(acc),
        ...at(ROW1),
        ...v128Load(o),
        ...at(ROW2),
        ...v128Load(o),
        ...F32X4_MUL,
        ...F32X4_ADD,
        ...set(acc),
      ];
    }),
    ...get(ACC),
    ...get(ACC2),
    ...F32X4_ADD,
    ...set(ACC),
    ...get(ACC),
    ...lane(0),
    ...get(ACC),
    ...lane(1),
    F32_ADD,
    ...get(ACC),
    ...lane(2),
    F32_ADD,
    ...get(ACC),
    ...lane(3),
    F32_ADD,
    ...set(F),
    ...BLOCK,
    ...get(F),
    ...f32c(-maxExp),
    F32_LE,
    ...get(F),
    ...f32c(maxExp),
    F32_GE,
    I32_OR,
    ...brIf(0),
    // g = (label - EXP[(int)((f + maxExp) * (tableSize / maxExp / 2))]) * alpha, splatted
    ...get(T),
    I32_EQZ,
    F32_CONVERT_I32_U,
    ...get(EXP),
    ...get(F),
    ...f32c(maxExp),
    F32_ADD,
    ...f32c(tableSize / maxExp / 2),
    F32_MUL,
    I32_TRUNC_F32_S,
    ...i32c(2),
    I32_SHL,
    I32_ADD,
    ...f32Load,
    F32_SUB,
    ...get(ALPHA),
    F32_MUL,
    ...f32x4Splat,
    ...set(GV),
    ...rowLoop((o) => [
      ...at(WORK),
      ...at(WORK),
      ...v128Load(o),
      ...get(GV),
      ...at(ROW2),
      ...v128Load(o),
      ...F32X4_MUL,
      ...F32X4_ADD,
      ...v128Store(o),
      ...at(ROW2),
      ...at(ROW2),
      ...v128Load(o),
      ...get(GV),
      ...at(ROW1),
      ...v128Load(o),
      ...F32X4_MUL,
      ...F32X4_ADD,
      ...v128Store(o),
    ]),
    END, // skip block
    ...get(T),
    ...i32c(1),
    I32_ADD,
    ...set(T),
    ...br(0),
    END, // targets loop
    END, // done block
    ...rowLoop((o) => [
      ...at(ROW1),
      ...at(ROW1),
      ...v128Load(o),
      ...at(WORK),
      ...v128Load(o),
      ...F32X4_ADD,
      ...v128Store(o),
    ]),
    END,
  ];
}

function moduleBytes(maxExp: number, tableSize: number): Uint8Array {
  const type = vec([[0x60, ...vec([[I32], [I32], [I32], [F32], [I32], [I32], [I32]]), ...vec([])]]);
  const imports = vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...uleb(1)]]);
  const body = kernelBody(maxExp, tableSize);
  const locals = vec([
    [...uleb(3), I32], // T, K, ROW2
    [...uleb(1), F32], // F
    [...uleb(3), V128], // ACC, GV, ACC2
  ]);
  const code = [...locals, ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, type),
    ...section(2, imports),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('sg'), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

export interface SgKernel {
  /** [V, stride] input vectors (gensim `wv.vectors`), rows padded with zeros to `stride`. */
  syn0: Float32Array;
  /** [V, stride] output vectors. */
  syn1: Float32Array;
  stride: number;
  /** Targets of the next `pair` call, entry 0 the positive: row r is written as `targetBase + r * targetStep`. */
  targets: Uint32Array;
  targetBase: number;
  targetStep: number;
  /** One skip-gram update of input row `row1` against the first `n` targets. */
  pair(row1: number, n: number, alpha: number): void;
}

/** The few WebAssembly globals used here (the lib's TypeScript setup has no DOM or wasm typings). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const WASM_PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, wasm32's limit

/**
 * The SIMD kernel over `V` rows of `dim` floats, or null where it cannot be used (no wasm SIMD, or syn0 + syn1 over
 * the 4 GiB of wasm32 memory).
 */
export function createWasmKernel(
  V: number,
  dim: number,
  maxTargets: number,
  expTable: Float32Array,
  maxExp: number,
): SgKernel | null {
  const stride = Math.ceil(dim / 8) * 8;
  const bpr = stride * 4;
  const expOff = 0;
  const workOff = Math.ceil(((expTable.length + 1) * 4) / 64) * 64;
  const tgtOff = workOff + Math.ceil(bpr / 64) * 64;
  const syn0Off = tgtOff + Math.ceil((maxTargets * 4) / 64) * 64;
  const syn1Off = syn0Off + V * bpr;
  const pages = Math.ceil((syn1Off + V * bpr) / WASM_PAGE);
  if (pages > MAX_PAGES) return null;
  if (!wasm) return null;
  let memory: { buffer: ArrayBuffer };
  let sg: (row1: number, tgt: number, n: number, alpha: number, bpr: number, work: number, exp: number) => void;
  try {
    const bytes = moduleBytes(maxExp, expTable.length);
    if (!wasm.validate(bytes)) return null;
    memory = new wasm.Memory({ initial: pages });
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { mem: memory } });
    sg = instance.exports.sg as typeof sg;
  } catch {
    return null;
  }
  const buf = memory.buffer;
  const exp = new Float32Array(buf, expOff, expTable.length + 1);
  exp.set(expTable);
  // (f + 6) * 83.33 rounded in f32 can reach the table's length for f just under 6: repeat the last entry.
  exp[expTable.length] = expTable[expTable.length - 1];
  const targets = new Uint32Array(buf, tgtOff, maxTargets);
  return {
    syn0: new Float32Array(buf, syn0Off, V * stride),
    syn1: new Float32Array(buf, syn1Off, V * stride),
    stride,
    targets,
    targetBase: syn1Off,
    targetStep: bpr,
    pair: (row1, n, alpha) => sg(syn0Off + row1 * bpr, tgtOff, n, alpha, bpr, workOff, expOff),
  };
}
