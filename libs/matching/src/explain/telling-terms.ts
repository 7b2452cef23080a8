import { isUnit } from '@techbridge/text';

/**
 * Words that name no technology on their own: true of nearly any pair in the catalogue, so a
 * reader learns nothing from seeing them listed as a reason (they still count in the score).
 */
const GENERIC_WORDS: ReadonlySet<string> = new Set(
  '系统 状态 装置 设备 装备 结构 部件 零件 组件 模块 平台 产品 方法 技术 工程 性能 质量 成本 效率 数据 信息 功能 生产 运行 使用 需求 成果 应用 研究 分析 管理 能力 时间 问题 方案'.split(' '),
);

/** A word found in more than this share of a catalogue of some size is generic there. */
const GENERIC_SHARE = 0.25;
/** Below this many items, document shares are too coarse to tell generic words apart. */
const GENERIC_MIN_CORPUS = 40;

export interface TermSpread {
  /** Items (both sides) holding the term, and the items indexed. */
  readonly documents: number;
  readonly corpus: number;
}

/**
 * Whether a matched word is worth showing as a reason for a match: not a unit ("mm"), not a
 * lone character (下, 高: pieces the segmenter split off), not a generic word (系统, 状态), and
 * not spread over a large share of the catalogue.
 */
export function isTellingTerm(term: string, spread?: TermSpread): boolean {
  if (isUnit(term) || GENERIC_WORDS.has(term)) return false;
  if ([...term].length < 2) return false;
  if (spread && spread.corpus >= GENERIC_MIN_CORPUS && spread.documents > spread.corpus * GENERIC_SHARE) return false;
  return true;
}
