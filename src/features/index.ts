/**
 * Per-exchange features: text normalisation, fingerprints, intent signals.
 * Pure functions; the engine calls `extractFeatures` once per exchange.
 */
export { extractFeatures, capText } from './extract.js';
export { normalizeText } from './text.js';
export { evidenceExcerpt } from './excerpt.js';
export { simDistance } from './fingerprint.js';
export { fnv1a, fmix32 } from '../util/hash.js';
export { TOPIC_NAMES, type TopicName } from './lexicons.js';
export * from './types.js';
export { setIntentModel, loadIntentModel, shippedModel, scoreText as intentModelScore } from './intent-model/index.js';
