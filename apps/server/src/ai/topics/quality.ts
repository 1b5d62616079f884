// Cluster quality against known labels (the topics bench): purity, NMI and ARI. A question left
// in no topic (-1) counts as a cluster of its own, so leaving questions out is not rewarded.

function contingency(clusters: ArrayLike<number>, labels: readonly string[]) {
  const table = new Map<string, number>();
  const clusterSizes = new Map<string, number>();
  const labelSizes = new Map<string, number>();
  for (let i = 0; i < labels.length; i++) {
    const c = clusters[i] ?? -1;
    const k = c >= 0 ? `c${c}` : `u${i}`;
    const l = labels[i] ?? "";
    table.set(`${k}\u0000${l}`, (table.get(`${k}\u0000${l}`) ?? 0) + 1);
    clusterSizes.set(k, (clusterSizes.get(k) ?? 0) + 1);
    labelSizes.set(l, (labelSizes.get(l) ?? 0) + 1);
  }
  return { table, clusterSizes, labelSizes, n: labels.length };
}

/** Share of questions whose cluster's majority label is theirs. */
export function purity(clusters: ArrayLike<number>, labels: readonly string[]): number {
  const { table, n } = contingency(clusters, labels);
  const majority = new Map<string, number>();
  for (const [key, count] of table) {
    const k = key.split("\u0000")[0] ?? "";
    majority.set(k, Math.max(majority.get(k) ?? 0, count));
  }
  let sum = 0;
  for (const m of majority.values()) sum += m;
  return n === 0 ? 0 : sum / n;
}

const entropy = (sizes: Iterable<number>, n: number) => {
  let h = 0;
  for (const s of sizes) if (s > 0) h -= (s / n) * Math.log(s / n);
  return h;
};

/** Normalised mutual information (arithmetic-mean normalisation, as scikit-learn's default). */
export function nmi(clusters: ArrayLike<number>, labels: readonly string[]): number {
  const { table, clusterSizes, labelSizes, n } = contingency(clusters, labels);
  if (n === 0) return 0;
  let mi = 0;
  for (const [key, count] of table) {
    const [k = "", l = ""] = key.split("\u0000");
    mi += (count / n) * Math.log((n * count) / ((clusterSizes.get(k) ?? 1) * (labelSizes.get(l) ?? 1)));
  }
  const hc = entropy(clusterSizes.values(), n);
  const hl = entropy(labelSizes.values(), n);
  const mean = (hc + hl) / 2;
  return mean === 0 ? 1 : mi / mean;
}

const pairs = (x: number) => (x * (x - 1)) / 2;

/** Adjusted Rand index: pair agreement corrected for chance (0 random, 1 identical). */
export function ari(clusters: ArrayLike<number>, labels: readonly string[]): number {
  const { table, clusterSizes, labelSizes, n } = contingency(clusters, labels);
  let index = 0;
  for (const c of table.values()) index += pairs(c);
  let a = 0;
  for (const s of clusterSizes.values()) a += pairs(s);
  let b = 0;
  for (const s of labelSizes.values()) b += pairs(s);
  const expected = (a * b) / pairs(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
