// Training data turned into vectors, and the linear model fitted on (a subset of) it.
import type { LabelledText } from "./classifier";
import {
  buildVocabulary,
  extractTerms,
  type FeatureConfig,
  type SparseVector,
  type Vocabulary,
  vectorize,
} from "./features";
import { type LinearModel, type SoftmaxOptions, trainSoftmax } from "./softmax";

export interface TrainingSet {
  labels: string[];
  vectors: SparseVector[];
  ys: Int32Array;
  weights: Float32Array;
  vocab: Vocabulary;
  /** the texts actually used (empty texts and labels are skipped) */
  texts: string[];
}

export function prepare(examples: LabelledText[], config: FeatureConfig): TrainingSet {
  const usable = examples.filter((e) => e.text.trim() !== "" && e.label !== "");
  const labels = [...new Set(usable.map((e) => e.label))].sort();
  const docs = usable.map((e) => extractTerms(e.text, config));
  const vocab = buildVocabulary(docs, config.minCharDf);
  return {
    labels,
    vectors: docs.map((d) => vectorize(d, vocab, config)),
    ys: Int32Array.from(usable, (e) => labels.indexOf(e.label)),
    weights: Float32Array.from(usable, (e) => e.weight ?? 1),
    vocab,
    texts: usable.map((e) => e.text),
  };
}

/** Enough passes that tiny runbook sets converge and large sets stay quick. */
export function epochsFor(n: number): number {
  return Math.min(200, Math.max(5, Math.ceil(20_000 / Math.max(n, 1))));
}

export function fitLinear(set: TrainingSet, rows?: number[], options: Partial<SoftmaxOptions> = {}): LinearModel {
  const pick = rows ?? [...set.ys.keys()];
  return trainSoftmax(
    pick.map((i) => set.vectors[i] as SparseVector),
    Int32Array.from(pick, (i) => set.ys[i] ?? 0),
    set.labels.length,
    set.vocab.terms.length,
    {
      epochs: epochsFor(pick.length),
      ...options,
      sampleWeights: Float32Array.from(pick, (i) => set.weights[i] ?? 1),
    },
  );
}
