/** Row indices of a train/test split, each ascending; together they cover every row once. */
export interface SplitIndices {
  train: Uint32Array;
  test: Uint32Array;
}
