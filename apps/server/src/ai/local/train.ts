// Training and (de)serialising the local classifier. A stored model keeps its
// vocabulary, weights and training texts (for nearest-example similarity), so
// loading it reproduces predictions exactly without retraining.
import { fitInScope, fitLinearCalibrated } from "./calibration-fit";
import {
  type Calibration,
  type ClassifierOptions,
  type LabelledText,
  type ModelParts,
  makeClassifier,
  type TextClassifier,
} from "./classifier";
import { prepare } from "./dataset";
import {
  defaultFeatureConfig,
  extractTerms,
  type FeatureConfig,
  type SparseVector,
  type Vocabulary,
  vectorize,
  vocabularyFrom,
} from "./features";
import { buildIndex } from "./knn";
import type { LinearModel, SoftmaxOptions } from "./softmax";

const FORMAT = "switchboard.local-classifier";
const DEFAULT_THRESHOLD = 0.5;

/** Knobs of the engine, fixed in production; the benchmark varies them. */
export interface EngineConfig {
  features: FeatureConfig;
  softmax: Partial<SoftmaxOptions>;
  knnWeight: number;
  knnSharpness: number;
  knnK: number;
}

export const defaultEngine: EngineConfig = {
  features: defaultFeatureConfig,
  softmax: {},
  knnWeight: 0.2,
  knnSharpness: 20,
  knnK: 2,
};

export function inScopePowerFor(labels: number): number {
  return labels <= 10 ? 1 : Math.max(0.25, 10 / labels);
}

export function trainClassifier(examples: LabelledText[], options: ClassifierOptions = {}): TextClassifier {
  return trainWith(examples, options, defaultEngine);
}

export function trainWith(examples: LabelledText[], options: ClassifierOptions, engine: EngineConfig): TextClassifier {
  const config = engine.features;
  const set = prepare(examples, config);
  const { linear, temperature } = fitLinearCalibrated(set, engine.softmax);
  const index = buildIndex(set.vectors, set.ys, set.vocab.terms.length);
  const calibration: Calibration = {
    temperature,
    knnWeight: engine.knnWeight,
    knnSharpness: engine.knnSharpness,
    knnK: engine.knnK,
    inScope: fitInScope(set, index),
    inScopePower: inScopePowerFor(set.labels.length),
  };
  return assemble(
    set.labels,
    config,
    set.vocab,
    linear,
    calibration,
    options.threshold ?? DEFAULT_THRESHOLD,
    set.texts,
    set,
    index,
  );
}

function assemble(
  labels: string[],
  config: FeatureConfig,
  vocab: Vocabulary,
  linear: LinearModel,
  calibration: Calibration,
  threshold: number,
  texts: string[],
  set: { vectors: SparseVector[]; ys: Int32Array },
  index = buildIndex(set.vectors, set.ys, vocab.terms.length),
): TextClassifier {
  const parts: ModelParts = {
    labels,
    config,
    vocab,
    linear,
    index,
    calibration,
    threshold,
    serialise: () => ({
      format: FORMAT,
      version: 1,
      labels,
      config,
      threshold,
      calibration,
      terms: vocab.terms,
      idf: encode(vocab.idf),
      bias: encode(linear.bias),
      weights: encode(linear.weights),
      examples: texts.map((text, i) => [text, set.ys[i] ?? 0]),
    }),
  };
  return makeClassifier(parts);
}

interface Stored {
  format: string;
  version: number;
  labels: string[];
  config: FeatureConfig;
  threshold: number;
  calibration: Calibration;
  terms: string[];
  idf: string;
  bias: string;
  weights: string;
  examples: [string, number][];
}

export function loadClassifier(json: unknown): TextClassifier {
  const stored = (typeof json === "string" ? JSON.parse(json) : json) as Stored;
  if (!stored || stored.format !== FORMAT || stored.version !== 1) {
    throw new Error("not a stored local classifier (format/version mismatch)");
  }
  const vocab = vocabularyFrom(stored.terms, decode(stored.idf));
  const linear: LinearModel = {
    labels: stored.labels.length,
    dim: stored.terms.length,
    bias: decode(stored.bias),
    weights: decode(stored.weights),
  };
  const vectors = stored.examples.map(([text]) => vectorize(extractTerms(text, stored.config), vocab, stored.config));
  const ys = Int32Array.from(stored.examples, ([, y]) => y);
  const texts = stored.examples.map(([text]) => text);
  return assemble(stored.labels, stored.config, vocab, linear, stored.calibration, stored.threshold, texts, {
    vectors,
    ys,
  });
}

function encode(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function decode(s: string): Float32Array {
  const bytes = Buffer.from(s, "base64");
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
