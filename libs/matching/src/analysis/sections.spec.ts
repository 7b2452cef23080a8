import { aDemand, anAchievement } from '../testing/fixtures';
import { textSections } from './sections';

describe('textSections', () => {
  it('splits an achievement’s stated limitations off what it offers, section by section', () => {
    const achievement = anAchievement({
      id: 'a',
      title: 'Fenton深度氧化',
      summary: '铁泥量减少60%。不足之处是铁泥仍按危险废物管理。',
      applicationScenarios: '焦化废水，但需调酸。',
    });
    expect(textSections('achievement', achievement)).toEqual([
      { name: 'title', text: 'Fenton深度氧化' },
      { name: 'summary', text: '铁泥量减少60%。' },
      { name: 'summary', text: '不足之处是铁泥仍按危险废物管理。', limitation: true },
      { name: 'applicationScenarios', text: '焦化废水，' },
      { name: 'applicationScenarios', text: '但需调酸。', limitation: true },
    ]);
  });

  it('leaves a demand’s text as written: what it tried or fears still says what it is about', () => {
    const demand = aDemand({ id: 'd', title: '废水深度处理', description: '试过活性炭吸附，但炭换得太勤。', indicators: ['COD≤50'] });
    expect(textSections('demand', demand)).toEqual([
      { name: 'title', text: '废水深度处理' },
      { name: 'description', text: '试过活性炭吸附，但炭换得太勤。' },
      { name: 'indicators', text: 'COD≤50' },
    ]);
  });
});
