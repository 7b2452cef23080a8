import { TaskLexicon, taskBit, tasksConflict, tasksOf } from './tasks';

const lexicon = TaskLexicon.parse(
  ['@detect 检测 监测 预测 预警', '@repair 修复 修补', '@make 制备', '@control 控制 模型预测控制 补偿', '@goal 希望 拟解决'].join('\n'),
);
const kinds = (mask: number): string[] => tasksOf(mask);

describe('TaskLexicon', () => {
  it('finds the tasks a text names', () => {
    expect(kinds(lexicon.tasksIn('焊缝裂纹快速检测'))).toEqual(['detect']);
    expect(kinds(lexicon.tasksIn('焊缝裂纹快速修补'))).toEqual(['repair']);
    expect(kinds(lexicon.tasksIn('在线监测与修复'))).toEqual(['detect', 'repair']);
    expect(lexicon.tasksIn('轴承滚道剥落')).toBe(0);
  });

  it('lets a compound overrule the word inside it (longest match)', () => {
    expect(kinds(lexicon.tasksIn('多区温控的模型预测控制算法'))).toEqual(['control']);
    expect(kinds(lexicon.tasksIn('剩余寿命预测'))).toEqual(['detect']);
  });

  it('reads an achievement title without its "基于…的" method part', () => {
    expect(kinds(lexicon.titleTasks('基于在机检测的尺寸闭环补偿技术'))).toEqual(['control']);
    expect(kinds(lexicon.titleTasks('基于深度学习的轴承故障预警'))).toEqual(['detect']);
  });

  it('counts an achievement as detection only when its whole title says so', () => {
    expect(kinds(lexicon.achievementTasks('基于深度学习的轴承故障检测与预警'))).toEqual(['detect']);
    expect(kinds(lexicon.achievementTasks('夹层板脱粘检测与修补'))).toEqual(['detect', 'repair']);
    // A detection joined to an operation the lexicon does not know may solve as well.
    expect(lexicon.achievementTasks('电解液价态在线检测与电化学再平衡技术')).toBe(0);
    expect(kinds(lexicon.titleTasks('电解液价态在线检测与电化学再平衡技术'))).toEqual(['detect']);
    // "、" lists objects, not operations.
    expect(kinds(lexicon.achievementTasks('脱粘、分层快速检测'))).toEqual(['detect']);
  });

  it('reads a demand from its title, else from what follows its goal markers', () => {
    expect(kinds(lexicon.demandTasks('夹层板脱粘快速检测', '现在靠人工修补。'))).toEqual(['detect']);
    // The monitoring already tried is background; the goal sentence asks for a repair.
    const description = '现场装了振动监测，只能发现问题。希望找到快速修复的办法。';
    expect(kinds(lexicon.demandTasks('减速器回差变大', description))).toEqual(['repair']);
    expect(lexicon.goalText(description)).toBe('希望找到快速修复的办法');
    expect(lexicon.demandTasks('减速器回差变大', '用户反映精度下降。')).toBe(0);
  });

  it('does not read a task word that names a symptom as the task wanted', () => {
    const marked = TaskLexicon.parse(['@detect 报警 检测', '@repair 返修', '@false 假 误', '@frequent 多 不断 频繁', '@goal 希望'].join('\n'));
    // False alarms and endless rework are complaints, not requests for detection or rework.
    expect(marked.demandTasks('心电贴活动时波形乱跳、假报警多', '希望活动时的心电也能用。')).toBe(0);
    expect(marked.demandTasks('巷道底板往上拱，返修不断', '')).toBe(0);
    expect(marked.tasksIn('误报警频繁')).toBe(0);
    // The same words asking for the operation still count, and so does a list of several.
    expect(kinds(marked.demandTasks('储能电站早期报警', ''))).toEqual(['detect']);
    expect(kinds(marked.tasksIn('多参数检测多个部位'))).toEqual(['detect']);
    expect(kinds(marked.tasksIn('检测多点温度'))).toEqual(['detect']);
  });

  it('rejects a line without a known kind', () => {
    expect(() => TaskLexicon.parse('@unknown 词')).toThrow(/tasks/);
  });
});

describe('tasksConflict', () => {
  const detect = taskBit('detect');
  const repair = taskBit('repair');
  const make = taskBit('make');

  it('holds only between a side that just detects and a side that just solves', () => {
    expect(tasksConflict(detect, repair)).toBe(true);
    expect(tasksConflict(make | repair, detect)).toBe(true);
    expect(tasksConflict(detect, detect)).toBe(false);
    expect(tasksConflict(repair, make)).toBe(false);
  });

  it('never holds when a side is unknown or does both', () => {
    expect(tasksConflict(0, repair)).toBe(false);
    expect(tasksConflict(detect, 0)).toBe(false);
    expect(tasksConflict(detect | repair, repair)).toBe(false);
    expect(tasksConflict(detect, detect | make)).toBe(false);
  });
});

describe('TaskLexicon.shared', () => {
  const shared = TaskLexicon.shared();

  it('knows the operations of the product brief in general words', () => {
    expect(kinds(shared.titleTasks('复合材料脱粘快速修补技术'))).toEqual(['repair']);
    expect(kinds(shared.titleTasks('旋转机械故障预警系统'))).toEqual(['detect']);
    expect(kinds(shared.titleTasks('高炉渣制备微晶玻璃'))).toEqual(['make']);
    expect(kinds(shared.titleTasks('印染废水深度处理'))).toEqual(['treat']);
    expect(kinds(shared.titleTasks('预测性维护平台'))).toEqual(['detect']);
    expect(shared.titleTasks('心电贴戴着走路干活时波形乱跳、假报警多')).toBe(0);
  });
});
