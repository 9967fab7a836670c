/**
 * Summary statistics of the official QQ Browser 2021 track-1 data (counts are facts; measured on
 * ../shared/data/qq-aiac-2021). The generator shapes its laws on these; nothing else of the files is used.
 */

/** (rank, count) anchors of tag_count_info.csv: 62,880 tags over 1M videos, 4,843,129 occurrences. */
export const TAG_RANK_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 71992],
  [2, 71762],
  [3, 49672],
  [5, 48325],
  [7, 42276],
  [10, 37764],
  [15, 31759],
  [20, 26659],
  [30, 19975],
  [50, 14985],
  [70, 11143],
  [100, 8498],
  [150, 6027],
  [200, 4777],
  [300, 2850],
  [500, 1410],
  [700, 929],
  [1000, 581],
  [1500, 340],
  [2000, 227],
  [3000, 130],
  [5000, 61],
  [7000, 37],
  [10000, 21],
  [15000, 11],
  [20000, 6],
  [25000, 4],
  [30000, 3],
  [35000, 2],
  [40383, 2],
  [40384, 1],
  [62880, 1],
];
export const REAL_TAG_VOCAB = 62880;
export const REAL_TAGS_PER_VIDEO = 4.843129;

/** The 20 largest level-1 categories (first 3 digits of category_id) and their video counts. */
export const LEVEL1_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [116, 181211],
  [100, 143002],
  [105, 139083],
  [108, 97932],
  [118, 84674],
  [117, 50357],
  [131, 45451],
  [119, 39410],
  [104, 36427],
  [110, 35199],
  [102, 31105],
  [122, 30015],
  [123, 21541],
  [109, 21532],
  [112, 15843],
  [132, 15202],
  [101, 14958],
  [103, 14792],
  [114, 11612],
  [115, 5862],
];

/** pairwise_label.tsv: count of labels per level int(relevance*20), levels 0..20 (67,899 rows). */
export const REAL_LABEL_COUNTS: readonly number[] = [
  24692, 3743, 2591, 2066, 1307, 1058, 1126, 1578, 1572, 1368, 4718, 1960, 2081, 1929, 1192, 794, 855, 1315, 1301, 1202,
  9451,
];

/** pairwise_label.tsv: number of queries with n candidates, n = 1..10. */
export const REAL_CANDIDATES_PER_QUERY: readonly number[] = [23306, 533, 34, 60, 378, 850, 1082, 1243, 1133, 848];

/**
 * Frames per video, n = 5..32. The official files state only "at most 32"; the challenge write-ups describe
 * most videos at 8 to 15 frames and a spike at the 32 cap, which this shape follows.
 */
export const FRAME_COUNT_WEIGHTS: readonly number[] = [
  1.5,
  2,
  3, // 5..7
  7,
  7.5,
  7.5,
  7.5,
  7,
  7,
  6.5,
  6, // 8..15
  2.6,
  2.4,
  2.2,
  2,
  1.8,
  1.6,
  1.5,
  1.4,
  1.3,
  1.2,
  1.1,
  1,
  0.9,
  0.8,
  0.7,
  0.6, // 16..31
  11, // 32
];
export const MIN_FRAMES = 5;
