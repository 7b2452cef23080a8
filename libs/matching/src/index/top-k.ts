/**
 * The k highest-scoring of `count` candidates, best first, using a min-heap of size k:
 * O(count · log k), no full sort of everything retrieval touched, no allocation per candidate.
 */
export function topK(ids: ArrayLike<number>, score: (id: number) => number, count: number, k: number): number[] {
  if (k <= 0) return [];
  const heapIds = new Int32Array(k);
  const heapScores = new Float64Array(k);
  let size = 0;
  const swap = (i: number, j: number): void => {
    const id = heapIds[i]!;
    heapIds[i] = heapIds[j]!;
    heapIds[j] = id;
    const s = heapScores[i]!;
    heapScores[i] = heapScores[j]!;
    heapScores[j] = s;
  };
  for (let n = 0; n < count; n++) {
    const id = ids[n]!;
    const s = score(id);
    if (size < k) {
      heapIds[size] = id;
      heapScores[size] = s;
      for (let i = size++; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (heapScores[parent]! <= heapScores[i]!) break;
        swap(i, parent);
        i = parent;
      }
    } else if (s > heapScores[0]!) {
      heapIds[0] = id;
      heapScores[0] = s;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < size && heapScores[l]! < heapScores[min]!) min = l;
        if (r < size && heapScores[r]! < heapScores[min]!) min = r;
        if (min === i) break;
        swap(i, min);
        i = min;
      }
    }
  }
  return Array.from(heapIds.subarray(0, size), (id, i) => ({ id, s: heapScores[i]! }))
    .sort((a, b) => b.s - a.s)
    .map((e) => e.id);
}
