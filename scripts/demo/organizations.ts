import { demoCreditCode, type CreditCategory } from './credit-codes';
import type { DemoOrganization, DemoUser } from './types';

/**
 * The organisations of the demo: 12 enterprises across Liaoning, 7 universities and institutes,
 * two technology-transfer agencies and one 科技局. All names are fictional.
 */
type OrgSeed = Omit<DemoOrganization, 'creditCode' | 'users'> & { users: Array<[string, string, DemoUser['memberRole']]> };

const SEEDS: OrgSeed[] = [
  {
    key: 'ent-haisheng-marine', type: 'enterprise', name: '大连海晟重工装备有限公司', regionCode: '210212',
    fields: ['marine', 'equipment', 'robotics'], size: 'large', tiers: ['high_tech'],
    description: '从事散货船、化学品船分段建造和海洋平台模块制造，配套船用齿轮箱和燃气轮机部件维修，拥有旅顺、长兴岛两个生产基地，年钢材加工量约18万吨。',
    users: [['sun.haiyang', '孙海洋', 'owner'], ['qu.lina', '曲丽娜', 'admin'], ['gao.peng', '高鹏', 'member']],
  },
  {
    key: 'ent-beichen-cnc', type: 'enterprise', name: '沈阳北辰精密机床有限公司', regionCode: '210106',
    fields: ['equipment', 'robotics'], size: 'medium', tiers: ['high_tech', 'specialized'],
    description: '生产立式、卧式加工中心和数控磨床，主要客户为汽车零部件、轴承和工程机械企业，年产整机约600台，在铁岭设有铸件和装配分厂。',
    users: [['zhao.dongsheng', '赵东升', 'owner'], ['li.xiaomei', '李晓梅', 'member']],
  },
  {
    key: 'ent-hengtuo-smart', type: 'enterprise', name: '沈阳恒拓智能装备有限公司', regionCode: '210112',
    fields: ['robotics', 'integrated_circuits', 'information_technology', 'medical_devices'], size: 'small',
    tiers: ['tech_sme', 'high_tech', 'gazelle'],
    description: '研发晶圆传输机器人、视觉引导装配单元和设备联网网关，为集成电路装备厂和离散制造企业提供自动化产线与工业软件。',
    users: [['chen.yutong', '陈雨桐', 'owner'], ['wang.kai', '王凯', 'member']],
  },
  {
    key: 'ent-huayue-steel', type: 'enterprise', name: '鞍山华岳特钢集团有限公司', regionCode: '210303',
    fields: ['metallurgy', 'materials', 'mining', 'environment'], size: 'large', tiers: ['high_tech'],
    description: '拥有铁矿采选、炼钢、连铸和中厚板、特殊钢棒材轧制产线，产品包括轴承钢、齿轮钢、船板钢和钛合金棒材；葫芦岛子公司从事锌冶炼与综合回收。',
    users: [['liu.jianguo', '刘建国', 'owner'], ['han.xue', '韩雪', 'admin'], ['tian.bo', '田波', 'member']],
  },
  {
    key: 'ent-chenhui-magnesia', type: 'enterprise', name: '营口辰晖镁质材料有限公司', regionCode: '210882',
    fields: ['materials', 'environment'], size: 'medium', tiers: ['high_tech', 'specialized'],
    description: '以菱镁矿为原料生产轻烧氧化镁、电熔镁砂、镁碳砖和氢氧化镁阻燃剂，自有矿山两座，年处理菱镁矿约60万吨。',
    users: [['yu.chengzhi', '于成志', 'owner'], ['bai.jing', '白静', 'member']],
  },
  {
    key: 'ent-runhai-petro', type: 'enterprise', name: '盘锦润海石化有限公司', regionCode: '211104',
    fields: ['petrochemicals', 'fine_chemicals', 'environment', 'information_technology'], size: 'large', tiers: ['high_tech'],
    description: '原油加工能力500万吨/年，下游有芳烃、聚丙烯和特种溶剂装置，配套罐区、码头和污水处理场，正推进炼化一体化和数字化工厂建设。',
    users: [['ma.zhiyuan', '马志远', 'owner'], ['du.hong', '杜红', 'admin'], ['xie.yang', '谢洋', 'member']],
  },
  {
    key: 'ent-xinyuan-chem', type: 'enterprise', name: '抚顺新源精细化工有限公司', regionCode: '210404',
    fields: ['fine_chemicals', 'environment'], size: 'medium', tiers: ['tech_sme', 'high_tech'],
    description: '生产医药中间体、农药中间体和电子级湿化学品，拥有加氢、硝化、氯化等工艺装置，位于抚顺高新区化工园区。',
    users: [['zhou.minghui', '周明辉', 'owner'], ['jiang.li', '姜丽', 'member']],
  },
  {
    key: 'ent-danling-pharma', type: 'enterprise', name: '本溪丹岭药业股份有限公司', regionCode: '210504',
    fields: ['biomedicine', 'medical_devices'], size: 'medium', tiers: ['high_tech', 'specialized'],
    description: '生产中药口服制剂、化学原料药和体外诊断试剂，拥有GMP车间五个，在丹东设有中药材前处理和提取基地，正在建设抗体药物中试车间。',
    users: [['xu.wenjing', '徐文静', 'owner'], ['lu.tao', '卢涛', 'member']],
  },
  {
    key: 'ent-jingchuan-energy', type: 'enterprise', name: '锦州晶川新能源科技有限公司', regionCode: '210711',
    fields: ['new_energy', 'integrated_circuits', 'materials'], size: 'medium', tiers: ['high_tech', 'gazelle'],
    description: '从事单晶硅棒、硅片和光伏组件生产，兼营8英寸半导体硅抛光片，在朝阳、阜新投资运营风电和光伏电站。',
    users: [['pan.lisheng', '潘立胜', 'owner'], ['feng.yue', '冯玥', 'admin']],
  },
  {
    key: 'ent-wofeng-agri', type: 'enterprise', name: '阜新沃丰农业科技有限公司', regionCode: '210922',
    fields: ['agriculture', 'food'], size: 'small', tiers: ['tech_sme'],
    description: '在彰武、建平和东港经营花生、杂粮、设施草莓种植基地，配套烘干、冷链和花生油、杂粮粉加工，带动合作社农户约3000户。',
    users: [['shi.guofu', '石国富', 'owner'], ['kong.xin', '孔鑫', 'member']],
  },
  {
    key: 'ent-hongtai-power', type: 'enterprise', name: '辽阳宏泰动力科技有限公司', regionCode: '211004',
    fields: ['new_energy', 'automotive'], size: 'small', tiers: ['tech_sme', 'high_tech', 'fledgling'],
    description: '生产工商业储能柜、电动专用车电池包和电驱动总成，正在建设碱性电解水制氢示范项目。',
    users: [['lin.hao', '林浩', 'owner'], ['song.jiayi', '宋佳怡', 'member']],
  },
  {
    key: 'ent-xiangyu-aero', type: 'enterprise', name: '沈阳翔宇航空部件制造有限公司', regionCode: '210113',
    fields: ['aerospace', 'materials', 'equipment'], size: 'medium', tiers: ['high_tech', 'specialized'],
    description: '为主机厂配套钛合金和铝合金结构件、复合材料构件的数控加工与装配，具备增材制造和特种工艺能力。',
    users: [['hou.zhenhua', '侯振华', 'owner'], ['yan.qing', '闫青', 'admin'], ['fu.lei', '付磊', 'member']],
  },
  {
    key: 'uni-liaodong', type: 'university', name: '辽东理工大学', regionCode: '210112',
    fields: ['equipment', 'robotics', 'information_technology', 'integrated_circuits', 'automotive', 'construction', 'textiles', 'aerospace'],
    description: '以机械、控制、计算机和土木为特色的理工科大学，设有数控装备、机器人和工业软件三个省级重点实验室，技术转移中心年登记技术合同约300项。',
    users: [['wang.lixin', '王立新', 'owner'], ['cao.yan', '曹燕', 'admin'], ['deng.hui', '邓辉', 'member']],
  },
  {
    key: 'uni-liaohai', type: 'university', name: '辽海大学', regionCode: '210211',
    fields: ['marine', 'new_energy', 'environment', 'equipment', 'petrochemicals'],
    description: '以船舶与海洋工程、能源动力和环境工程见长，拥有船模拖曳水池、燃烧与传热实验室和海洋腐蚀试验站。',
    users: [['yang.bin', '杨斌', 'owner'], ['zheng.yu', '郑宇', 'member']],
  },
  {
    key: 'uni-liaoxi-agri', type: 'university', name: '辽西农业大学', regionCode: '210711',
    fields: ['agriculture', 'food', 'biomedicine', 'environment'],
    description: '面向辽西北旱作农业和农产品加工，建有花生、杂粮、设施园艺和食品科学研究平台，在阜新、朝阳设有试验站。',
    users: [['tang.shulan', '唐淑兰', 'owner'], ['he.fei', '何飞', 'member']],
  },
  {
    key: 'uni-liaoshen-med', type: 'university', name: '辽沈医科大学', regionCode: '210102',
    fields: ['biomedicine', 'medical_devices'],
    description: '医学与药学并重的医科大学，设有药物制剂、生物制药和医学工程研究所，附属医院可开展临床验证。',
    users: [['qian.rui', '钱睿', 'owner'], ['shen.ying', '沈莹', 'member']],
  },
  {
    key: 'inst-shenbei-materials', type: 'institute', name: '沈北材料研究所', regionCode: '210113',
    fields: ['materials', 'metallurgy', 'aerospace', 'integrated_circuits', 'equipment'],
    description: '从事高温合金、钛合金、先进涂层和增材制造研究，拥有电子束熔炼、等离子喷涂和热等静压中试条件。',
    users: [['guo.zhiming', '郭志明', 'owner'], ['lv.na', '吕娜', 'admin']],
  },
  {
    key: 'inst-binhai-chem', type: 'institute', name: '大连滨海化学与能源研究所', regionCode: '210204',
    fields: ['fine_chemicals', 'petrochemicals', 'new_energy', 'environment', 'materials'],
    description: '研究催化、分离、电化学储能和氢能，建有千吨级催化剂中试基地和微通道反应工程平台。',
    users: [['zhu.kaiwen', '朱恺文', 'owner'], ['luo.min', '罗敏', 'member'], ['wei.dong', '魏东', 'member']],
  },
  {
    key: 'inst-anshan-metallurgy', type: 'institute', name: '鞍山冶金与矿业工程研究院', regionCode: '210302',
    fields: ['metallurgy', 'mining', 'materials', 'environment'],
    description: '面向钢铁冶金、铁矿和菱镁矿选矿、冶金固废利用的应用型研究院，拥有连铸模拟、选矿中试和耐火材料检测平台。',
    users: [['dong.chunming', '董春明', 'owner'], ['yao.li', '姚莉', 'member']],
  },
  {
    key: 'agency-qihang', type: 'agency', name: '辽宁启航技术转移服务有限公司', regionCode: '210102',
    fields: ['equipment', 'materials', 'biomedicine', 'information_technology'],
    description: '省级示范技术转移机构，有技术经纪人26名，提供需求挖掘、成果评价、对接会组织和技术合同登记辅导服务。',
    users: [['jin.yuming', '金玉明', 'owner'], ['xia.wen', '夏雯', 'member']],
  },
  {
    key: 'agency-lanwan', type: 'agency', name: '大连蓝湾技术经纪事务所有限公司', regionCode: '210202',
    fields: ['marine', 'new_energy', 'fine_chemicals'],
    description: '专注海洋与能源化工领域的技术经纪和知识产权运营，承接揭榜挂帅项目的组织与评审服务。',
    users: [['zou.ping', '邹平', 'owner']],
  },
  {
    key: 'gov-liaobei-kjj', type: 'government', name: '辽北新区科技创新局', regionCode: '211202',
    fields: ['equipment', 'agriculture', 'new_energy'],
    description: '负责新区科技创新政策、科技型企业梯度培育和科技成果本地转化工作，定期组织专场对接会。',
    users: [['wu.guoqing', '吴国庆', 'owner'], ['ren.xiaoli', '任晓丽', 'admin']],
  },
];

const CATEGORY: Record<DemoOrganization['type'], CreditCategory> = {
  enterprise: 'enterprise',
  agency: 'enterprise',
  university: 'public_institution',
  institute: 'public_institution',
  government: 'government',
};

export function demoOrganizations(): DemoOrganization[] {
  return SEEDS.map(({ users, ...seed }) => ({
    ...seed,
    fields: [...seed.fields],
    ...(seed.tiers ? { tiers: [...seed.tiers] } : {}),
    creditCode: demoCreditCode(CATEGORY[seed.type], seed.regionCode, seed.key),
    users: users.map(([local, displayName, memberRole]) => ({ email: `${local}@demo.techbridge.local`, displayName, memberRole })),
  }));
}
