// The local text classifier: TF-IDF features, a softmax linear model blended with
// nearest-example similarity, and an "is this like anything we were taught" factor,
// so probabilities over labels sum to P(in scope) and "none of these" is a real answer.
import { sigmoid } from "./calibrate";
import { extractTerms, type FeatureConfig, type SparseVector, type Vocabulary, vectorize } from "./features";
import { type ExampleIndex, labelSimilarity, similarities } from "./knn";
import { type LinearModel, scoreInto, softmaxInPlace } from "./softmax";
import { isStopword } from "./text";

export interface LabelledText {
  text: string;
  label: string;
  weight?: number;
}

export interface ClassifierOptions {
  /** minimum calibrated probability to answer; below → label null */
  threshold?: number;
}

export interface Prediction {
  label: string | null;
  confidence: number;
  scores: { label: string; probability: number }[];
  evidence: string[];
}

export interface TextClassifier {
  labels: string[];
  predict(text: string): Prediction;
  toJSON(): unknown;
}

/** Everything predict needs; produced by training, rebuilt by loading. */
export interface ModelParts {
  labels: string[];
  config: FeatureConfig;
  vocab: Vocabulary;
  linear: LinearModel;
  index: ExampleIndex;
  calibration: Calibration;
  threshold: number;
  /** what toJSON stores */
  serialise: () => unknown;
}

export interface Calibration {
  /** softmax temperature of the linear scores */
  temperature: number;
  /** weight of the nearest-example distribution in the blend */
  knnWeight: number;
  /** sharpness of the nearest-example softmax */
  knnSharpness: number;
  knnK: number;
  /** P(in scope) = sigmoid(a · best similarity + b) */
  inScope: { a: number; b: number };
  /**
   * Exponent on P(in scope). With a few labels a softmax cannot say "none", so similarity carries
   * it fully (1); with many labels the spread of the softmax already does, and similarity is a
   * weaker signal (CLINC150 validation: 0.25 worked best).
   */
  inScopePower: number;
}

const EVIDENCE_COUNT = 5;

export function makeClassifier(parts: ModelParts): TextClassifier {
  const L = parts.labels.length;
  const z = new Float64Array(L);
  const sims = new Float32Array(parts.index.size);
  const { calibration: c } = parts;
  // Evidence compares a label's weight to the average label's, so shared words do not count.
  const meanWeight = new Float32Array(parts.vocab.terms.length);
  for (let f = 0; f < meanWeight.length; f++) {
    let sum = 0;
    for (let k = 0; k < L; k++) sum += parts.linear.weights[f * L + k] ?? 0;
    meanWeight[f] = sum / Math.max(L, 1);
  }

  const evidence = (x: SparseVector, label: number, surface: Map<string, string>): string[] => {
    const byPhrase = new Map<string, number>();
    for (let j = 0; j < x.index.length; j++) {
      const f = x.index[j] ?? 0;
      const contribution = ((parts.linear.weights[f * L + label] ?? 0) - (meanWeight[f] ?? 0)) * (x.value[j] ?? 0);
      if (contribution <= 0) continue;
      const phrase = surface.get(parts.vocab.terms[f] ?? "");
      // "the", "on our": true contributions, but no explanation to a person
      if (phrase && !phrase.split(" ").every(isStopword))
        byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + contribution);
    }
    return [...byPhrase.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, EVIDENCE_COUNT)
      .map(([phrase]) => phrase);
  };

  const predict = (text: string): Prediction => {
    const surface = new Map<string, string>();
    const x = vectorize(extractTerms(text, parts.config, surface), parts.vocab, parts.config);
    scoreInto(parts.linear, x, z);
    softmaxInPlace(z, c.temperature);
    similarities(parts.index, x, sims);
    let best = 0;
    for (const s of sims) if (s > best) best = s;
    const near = labelSimilarity(parts.index, sims, L, c.knnK);
    for (let k = 0; k < L; k++) near[k] = (near[k] ?? 0) * c.knnSharpness;
    softmaxInPlace(near);
    const inScope = x.index.length === 0 ? 0 : sigmoid(c.inScope.a * best + c.inScope.b) ** c.inScopePower;
    const probability = Array.from(z, (p, k) => ((1 - c.knnWeight) * p + c.knnWeight * (near[k] ?? 0)) * inScope);
    let top = 0;
    for (let k = 1; k < L; k++) if ((probability[k] ?? 0) > (probability[top] ?? 0)) top = k;
    const confidence = probability[top] ?? 0;
    const scores = parts.labels
      .map((label, k) => ({ label, probability: probability[k] ?? 0 }))
      .sort((a, b) => b.probability - a.probability);
    return {
      label: L > 0 && confidence >= parts.threshold ? (parts.labels[top] ?? null) : null,
      confidence,
      scores,
      evidence: L > 0 ? evidence(x, top, surface) : [],
    };
  };

  return { labels: [...parts.labels], predict, toJSON: parts.serialise };
}
