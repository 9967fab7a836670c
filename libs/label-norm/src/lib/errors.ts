import { VidsimError } from '@vidsim/core';
export type LabelNormErrorCode =
  'EMPTY_INPUT' | 'NON_FINITE' | 'OFF_GRID' | 'BAD_OPTION' | 'BAD_JSON' | 'CONSTANT_INPUT';

/** The one error of this lib: `code` is stable, `context` names the value / index / field involved. */
export class LabelNormError extends VidsimError<LabelNormErrorCode> {}

/** Throws NON_FINITE naming the first bad index; labels are never NaN in the reference data. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new LabelNormError(`${what} must be finite, got ${values[i]} at index ${i}`, 'NON_FINITE', {
        index: i,
        value: values[i],
      });
    }
  }
}
