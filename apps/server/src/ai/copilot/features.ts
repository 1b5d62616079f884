// Each article's re-ranking features (word counts and character n-gram vectors), kept per process
// in a bounded LRU keyed by article id and replaced when the article's updated_at moves: a draft
// re-ranks 50 candidates, and computing their n-grams afresh was most of its time.
import { LRUCache } from "lru-cache";
import { type DocFeatures, docFeatures, type Featurizer, gramVocabulary } from "../../domain/knowledge/rank";

interface Entry {
  updatedAt: number;
  features: DocFeatures;
}

/** About 64 MB of features (a long article's are ~50 KB), then the least recently used go. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Past this many interned n-grams the vocabulary starts over, and the cache with it. */
const MAX_GRAMS = 4_000_000;

const sizeOf = ({ features: f }: Entry) =>
  12 * (f.title.ids.length + f.article.ids.length) + 40 * (f.titleTerms.size + f.bodyTerms.size) + 200;

let vocabulary = gramVocabulary();
const cache = new LRUCache<string, Entry>({ maxSize: MAX_BYTES, sizeCalculation: sizeOf });

interface Article {
  id: string;
  title: string;
  body: string;
  updatedAt: Date;
}

function featuresOf(article: Article): DocFeatures {
  const entry = cache.get(article.id);
  const updatedAt = article.updatedAt.getTime();
  if (entry && entry.updatedAt === updatedAt) return entry.features;
  const features = docFeatures(article, vocabulary);
  cache.set(article.id, { updatedAt, features });
  return features;
}

/** The cached featurizer for one re-ranking (its vectors all share the current vocabulary). */
export function articleFeaturizer<T extends Article>(): Featurizer<T> {
  if (vocabulary.ids.size > MAX_GRAMS) clearArticleFeatures();
  return { vocabulary, featuresOf };
}

/** Forgets every article's features (and the vocabulary they share). */
export function clearArticleFeatures() {
  cache.clear();
  vocabulary = gramVocabulary();
}
