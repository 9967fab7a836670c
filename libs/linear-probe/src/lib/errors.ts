import { VidsimError } from '@vidsim/core';

export type LinearProbeErrorCode = 'EMPTY_INPUT' | 'BAD_INPUT' | 'BAD_OPTION' | 'BAD_FILE';

/** The one error of this lib: `code` is stable, `context` names the file, video or field involved. */
export class LinearProbeError extends VidsimError<LinearProbeErrorCode> {}
