export { TEXT_DATA_DIR } from './data-files';
export { bigramText, charBigrams, sharedCount } from './ngrams';
export { contentForms, isCjk, isContentToken, normalizeText } from './normalize';
export { Segmenter } from './segmenter';
export { isUnit, stopWords } from './stop-words';
export { type PhraseHit } from './thesaurus/phrase-finder';
export { RELATION_KINDS, THESAURUS_DIR, Thesaurus, type Expansion, type RelationKind } from './thesaurus/thesaurus';
export { parseThesaurus, ThesaurusSyntaxError, type EntryKind, type ThesaurusEntry } from './thesaurus/thesaurus-file';
export { TASK_KINDS, TaskLexicon, taskBit, tasksConflict, tasksOf, type TaskKind, type TaskMask } from './tasks';
