import { CooperationModes, MaturityStages, maturityRank } from './catalog-codes';

describe('code lists', () => {
  it('store codes and show Chinese labels, both ways', () => {
    expect(CooperationModes.label('joint_development')).toBe('合作开发');
    expect(CooperationModes.fromLabel(' 作价入股 ')).toBe('equity');
    expect(CooperationModes.fromLabel('入股')).toBeUndefined();
    expect(CooperationModes.is('license')).toBe(true);
    expect(CooperationModes.is('toString')).toBe(false);
  });

  it('order maturity from laboratory to commercial', () => {
    expect(MaturityStages.codes.map((c) => MaturityStages.label(c))).toEqual(['实验室', '小试', '中试', '工业化', '产业化']);
    expect(maturityRank('pilot')).toBeGreaterThan(maturityRank('pilot_small'));
  });
});
