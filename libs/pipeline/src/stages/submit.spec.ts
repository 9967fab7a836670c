import { missingVideosWarning } from './submit';

describe('submit on a test set prepared with --skip-bad', () => {
  it('names the set, the count and the skipped vids (or file@offset where the id was unreadable)', () => {
    const line = missingVideosWarning('test_a', [
      {
        file: '/data/test_a/part-1.tfrecords',
        offset: 4096,
        code: 'BAD_FIELD',
        field: 'title',
        id: '9007199254740993123',
      },
      { file: '/data/test_a/part-1.tfrecords', offset: 81920, code: 'BAD_RECORD' },
    ]);
    expect(line).toBe(
      '[submit] warning: test_a lacks 2 videos that prepare skipped under --skip-bad, so its result.zip will miss them: ' +
        '9007199254740993123, part-1.tfrecords@81920 (store.json sets.test_a.skipped)',
    );
  });

  it('lists at most five vids', () => {
    const skipped = Array.from({ length: 7 }, (_, i) => ({ file: 'f', offset: i, code: 'BAD_FIELD', id: `v${i}` }));
    expect(missingVideosWarning('test_b', skipped)).toContain('v0, v1, v2, v3, v4, ... (2 more)');
  });
});
