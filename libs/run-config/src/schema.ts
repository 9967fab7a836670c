/**
 * The declarative rules of every run-config field: one schema per section, one rule per field. The mapped types
 * make a field without a rule a compile error, so a new config field cannot slip in unchecked; `validateSection`
 * turns the rules into errors that name the field (`pointwise.endLr`) and the value.
 */

export type FieldRule =
  | { kind: 'int'; min: number; max: number }
  /** A finite number in [min, max]; `above`/`below` make that end open. */
  | { kind: 'number'; min: number; max: number; above?: boolean; below?: boolean; note?: string }
  | { kind: 'bool' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string'; pattern?: RegExp; patternNote?: string; maxLength?: number }
  | { kind: 'intList'; min: number; max: number; distinct?: boolean; maxItems?: number }
  | { kind: 'stringList'; pattern?: RegExp; patternNote?: string; minItems?: number; distinct?: boolean }
  /** Checked elsewhere (e.g. the model overrides, by the fusion-model lib). */
  | { kind: 'object' };

/** A rule for every key of T (optional keys included). */
export type SectionSchema<T> = { readonly [K in keyof T]-?: FieldRule };

/** A rule relating several fields of one section; returns [field, message] when broken. */
export type CrossCheck<T> = (section: T) => [keyof T & string, string] | undefined;

export const int = (min: number, max: number): FieldRule => ({ kind: 'int', min, max });
export const positiveInt = (max: number): FieldRule => int(1, max);
/** A learning rate: in (0, 1). */
export const learningRate: FieldRule = { kind: 'number', min: 0, max: 1, above: true, below: true };
/** A proportion in [0, 1]. */
export const proportion: FieldRule = { kind: 'number', min: 0, max: 1 };
/** A final learning rate: in [0, 1); that it stays below the peak rates is a cross check. */
export const endLearningRate: FieldRule = { kind: 'number', min: 0, max: 1, below: true };
/** A global-norm clip: 0 turns clipping off, otherwise a positive norm. */
export const clipNormRule: FieldRule = { kind: 'number', min: 0, max: 1e6, note: '0 turns clipping off' };
export const bool: FieldRule = { kind: 'bool' };
export const oneOf = (...values: string[]): FieldRule => ({ kind: 'enum', values });

const describe = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));

/** The problem with `value` under `rule`, or undefined when it is fine. */
export function checkField(rule: FieldRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${describe(value)}`;
      if (value < rule.min || value > rule.max) return `must be an integer in ${rule.min}..${rule.max}, got ${value}`;
      return undefined;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `must be a finite number, got ${describe(value)}`;
      const lowOk = rule.above ? value > rule.min : value >= rule.min;
      const highOk = rule.below ? value < rule.max : value <= rule.max;
      if (lowOk && highOk) return undefined;
      const range = `${rule.above ? '(' : '['}${rule.min}, ${rule.max}${rule.below ? ')' : ']'}`;
      return `must be in ${range}${rule.note ? ` (${rule.note})` : ''}, got ${value}`;
    }
    case 'bool':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value)
        ? undefined
        : `must be one of ${rule.values.join(', ')}, got ${describe(value)}`;
    case 'string':
      if (typeof value !== 'string' || value === '') return `must be a non-empty string, got ${describe(value)}`;
      if (rule.maxLength !== undefined && value.length > rule.maxLength)
        return `must be at most ${rule.maxLength} characters, got ${value.length}`;
      if (rule.pattern && !rule.pattern.test(value))
        return `must be ${rule.patternNote ?? `like ${rule.pattern}`}, got ${describe(value)}`;
      return undefined;
    case 'intList': {
      if (!Array.isArray(value)) return `must be a list of integers, got ${describe(value)}`;
      if (rule.maxItems !== undefined && value.length > rule.maxItems)
        return `must have at most ${rule.maxItems} items, got ${value.length}`;
      const bad = value.find((x) => typeof x !== 'number' || !Number.isInteger(x) || x < rule.min || x > rule.max);
      if (bad !== undefined) return `must hold integers in ${rule.min}..${rule.max}, got ${describe(value)}`;
      if (rule.distinct && new Set(value).size !== value.length)
        return `must not repeat a value, got ${describe(value)}`;
      return undefined;
    }
    case 'stringList': {
      if (!Array.isArray(value)) return `must be a list of strings, got ${describe(value)}`;
      if (value.length < (rule.minItems ?? 0)) return `must have at least ${rule.minItems} item(s)`;
      const bad = value.find((x) => typeof x !== 'string' || !x || (rule.pattern && !rule.pattern.test(x)));
      if (bad !== undefined) return `must hold ${rule.patternNote ?? 'non-empty strings'}, got ${describe(bad)}`;
      if (rule.distinct && new Set(value).size !== value.length)
        return `must not repeat a value, got ${describe(value)}`;
      return undefined;
    }
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : `must be an object, got ${describe(value)}`;
  }
}

/** First problem of a section as [dotted field, message]: an unknown key, a missing key, a bad value, a cross check. */
export function validateSection<T extends object>(
  at: string,
  section: unknown,
  schema: SectionSchema<T>,
  cross: Array<CrossCheck<T>> = [],
): [string, string] | undefined {
  if (typeof section !== 'object' || section === null || Array.isArray(section))
    return [at, `must be an object, got ${describe(section)}`];
  const values = section as Record<string, unknown>;
  const rules = schema as Record<string, FieldRule>;
  for (const key of Object.keys(values))
    if (!(key in rules)) return [`${at}.${key}`, `is not a field of ${at} (fields: ${Object.keys(rules).join(', ')})`];
  for (const [key, rule] of Object.entries(rules)) {
    if (!(key in values)) return [`${at}.${key}`, 'is missing'];
    const problem = checkField(rule, values[key]);
    if (problem) return [`${at}.${key}`, problem];
  }
  for (const check of cross) {
    const broken = check(section as T);
    if (broken) return [`${at}.${broken[0]}`, broken[1]];
  }
  return undefined;
}
