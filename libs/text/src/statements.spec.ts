import { StatementLexicon } from './statements';

const lexicon = StatementLexicon.parse(['# 注释', '@limit 不足之处 仍需', '@turn 但 不过', '@concede 虽然 尽管'].join('\n'));

describe('StatementLexicon.limitations', () => {
  it('splits off a stated limitation from its marker to the sentence end', () => {
    const text = '流化床Fenton氧化，铁泥量减少60%。不足之处是需调酸，残余铁泥仍按危险废物管理。已建成示范线。';
    expect(lexicon.limitations(text)).toEqual({
      offer: '流化床Fenton氧化，铁泥量减少60%。已建成示范线。',
      limits: '不足之处是需调酸，残余铁泥仍按危险废物管理。',
    });
  });

  it('starts a limitation at a clause that opens with a turn, not at a turn inside a word', () => {
    const text = '生物强化提升杂环去除率，但单靠它难以达标，仍需深度处理。不但节能而且稳定。';
    expect(lexicon.limitations(text)).toEqual({
      offer: '生物强化提升杂环去除率，不但节能而且稳定。',
      limits: '但单靠它难以达标，仍需深度处理。',
    });
  });

  it('after a concession, takes the conceded clauses as the limitation and the turn as a strength', () => {
    const text = '装置紧凑，虽然初始投资较高，但运行成本降低40%。';
    expect(lexicon.limitations(text)).toEqual({ offer: '装置紧凑，但运行成本降低40%。', limits: '虽然初始投资较高，' });
  });

  it('keeps every character, so a text without limitations is all offer', () => {
    const text = '针对低速轴承，采用声发射监测；提前4个月预警。';
    expect(lexicon.limitations(text)).toEqual({ offer: text, limits: '' });
    expect(lexicon.limitations('')).toEqual({ offer: '', limits: '' });
  });

  it('ships a lexicon with the common markers and rejects unknown lines', () => {
    const shared = StatementLexicon.shared();
    expect(shared.limitations('适合中等功率模块，但需120 ℃水热处理。').limits).toBe('但需120 ℃水热处理。');
    expect(shared.limitations('大件工艺尚待放大。').limits).toBe('尚待放大。');
    expect(() => StatementLexicon.parse('@unknown 词')).toThrow(/statements/);
  });
});
