// Local AI engine: offline text classification (routing, learned priority) and
// rule-plus-learning priority scoring. Pure code: no database, no network, no weights to download.
export type { ClassifierOptions, LabelledText, Prediction, TextClassifier } from "./classifier";
export type { Priority, PriorityDecision, PrioritySignals } from "./priority";
export { scorePriority } from "./priority";
export { loadClassifier, trainClassifier } from "./train";
