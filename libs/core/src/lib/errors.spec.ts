import { isVidsimError, VidsimError } from './errors';

class ExampleLibError extends VidsimError {}

describe('VidsimError', () => {
  it('subclasses keep code, context and their own name, and are recognised by instanceof', () => {
    const e = new ExampleLibError('bad field', 'BAD_FIELD', { file: 'a.tfrecord', record: 3, field: 'title' });
    expect(e).toBeInstanceOf(VidsimError);
    expect(e.name).toBe('ExampleLibError');
    expect(e.context.field).toBe('title');
    expect(isVidsimError(e, 'BAD_FIELD')).toBe(true);
    expect(isVidsimError(e, 'OTHER')).toBe(false);
    expect(isVidsimError(new Error('x'))).toBe(false);
  });
});
