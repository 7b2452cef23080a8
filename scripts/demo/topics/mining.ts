import { COMMISSIONED, EQUITY, JOINT, LICENSE, SERVICE, TRANSFER, type Topic } from '../topic';

/** 矿产资源与采矿: iron ore beneficiation, slope safety. */
export const MINING_TOPICS: Topic[] = [
  {
    id: 'mn-lean-hematite', field: 'mining', chains: ['advanced_steel'],
    demand: {
      owners: ['ent-huayue-steel'],
      products: ['鞍山式贫赤铁矿', '菱铁矿与赤铁矿混合矿', '铁尾矿'],
      titles: ['{p}选矿回收率低', '{p}提质降耗', '{p}再选回收铁'],
      problems: [
        '自有矿山{p}全铁品位约{a}%，嵌布粒度细，现有阶段磨矿—重选—磁选—反浮选流程铁回收率只有{b}%，尾矿品位偏高；其中菱铁矿在浮选中泥化严重，影响精矿品位。',
        '{p}全铁品位约{a}%，嵌布粒度细，现有流程铁回收率仅{b}%，菱铁矿在浮选中泥化严重，尾矿品位偏高，资源浪费大。',
      ],
      vals: { a: [30, 32, 12], b: [72, 65, 20] },
      tried: ['加大细磨程度，电耗上升，回收率提高有限。', '调整浮选药剂，对菱铁矿效果不明显。'],
      indicators: ['铁精矿品位≥65%', '铁回收率提高8个百分点以上', '吨矿处理能耗不增加', '新增投资回收期≤4年'],
      basis: ['有年处理千万吨级选矿厂和选矿试验室。'],
      keywords: ['贫赤铁矿', '选矿回收率', '菱铁矿', '铁精矿'],
      stage: 'industrial', modes: [JOINT, TRANSFER, EQUITY], budget: [500, 2000],
    },
    achievements: [
      {
        owner: 'inst-anshan-metallurgy', fit: 2, stage: 'industrial', price: 'negotiable', modes: [TRANSFER, EQUITY, SERVICE],
        ip: ['inv+:一种难选铁矿石悬浮磁化焙烧方法', 'inv+', 'inv', 'um'],
        title: '复杂难选铁矿悬浮磁化焙烧—磁选技术',
        summary: '将细磨矿粉在悬浮状态下快速预热、还原，赤铁矿和菱铁矿在数十秒内转化为强磁性磁铁矿，再经弱磁选获得铁精矿，避免了菱铁矿浮选泥化问题。在难选混合矿上工业应用，精矿品位66%，铁回收率较原流程提高约12个百分点，还原气可利用高炉煤气。',
        innovations: ['悬浮态快速还原，处理量大', '菱铁矿与赤铁矿同步磁化'],
        scenarios: ['鞍山式贫赤铁矿', '菱铁矿、褐铁矿等难选矿', '铁尾矿再选'],
        keywords: ['悬浮磁化焙烧', '磁化还原', '弱磁选', '难选铁矿', '回收率'],
      },
      {
        owner: 'inst-anshan-metallurgy', fit: 1, stage: 'industrial', price: [100, 300], modes: [TRANSFER, SERVICE],
        ip: ['inv+', 'um'],
        title: '高压辊磨—干式预选节能碎磨工艺',
        summary: '以高压辊磨替代部分球磨，并在粗粒阶段干式磁选抛除20%以上的废石，入磨量减少、碎磨电耗降低约25%。',
        innovations: ['粗粒干式抛废'],
        scenarios: ['铁矿、有色金属矿碎磨'],
        keywords: ['高压辊磨', '干式预选', '节能碎磨'],
      },
      {
        owner: 'uni-liaodong', fit: 0, stage: 'industrial', price: [30, 70], modes: [TRANSFER],
        ip: ['sw', 'inv'],
        title: '选矿厂磨矿分级智能优化控制系统',
        summary: '以软测量估计磨机负荷和分级粒度，自动调整给矿量和补加水，磨机处理能力提高5%，粒度合格率波动减小。',
        innovations: ['磨机负荷软测量'],
        scenarios: ['选矿厂磨矿车间'],
        keywords: ['磨矿优化', '软测量', '智能控制'],
      },
    ],
  },
  {
    id: 'mn-slope-monitoring', field: 'mining', chains: ['industrial_internet'],
    demand: {
      owners: ['ent-huayue-steel', 'ent-chenhui-magnesia', 'ent-huayue-steel'],
      products: ['露天铁矿高陡边坡', '菱镁矿露天采场边坡', '尾矿库坝体'],
      titles: ['{p}滑坡风险监测预警', '{p}安全在线监测'],
      problems: [
        '{p}高差超过{a}m，雨季曾发生局部滑塌，目前靠人工定期测量和巡查，数据滞后，难以及时发现变形加速。应急管理部门要求建设在线监测预警系统。',
        '{p}高差超过{a}m，雨季局部滑塌时有发生，人工巡查和定期测量数据滞后，夜间和雨雾天无法观测，主管部门要求建设在线监测预警系统。',
      ],
      vals: { a: [300, 150, 80] },
      tried: ['布设了少量全站仪观测点，只能覆盖局部，夜间和雨雾天无法观测。', '安装过单点位移计，易被爆破震坏。'],
      indicators: ['毫米级变形全天候监测', '覆盖全部危险区域', '预警提前时间≥24小时', '接入应急管理部门监测平台'],
      basis: ['有矿区测绘队伍和光纤网络。'],
      keywords: ['边坡监测', '滑坡预警', '变形监测', '矿山安全'],
      stage: 'commercial', modes: [COMMISSIONED, SERVICE], budget: [80, 250],
    },
    achievements: [
      {
        owner: 'uni-liaodong', fit: 2, stage: 'industrial', price: [60, 200], modes: [SERVICE, COMMISSIONED, LICENSE],
        ip: ['inv+:一种边坡地基合成孔径雷达与北斗融合监测方法', 'inv', 'sw'],
        title: '地基合成孔径雷达与北斗融合的边坡变形监测预警技术',
        summary: '以地基合成孔径雷达对整个坡面进行全天候、亚毫米级面状扫描，北斗接收机在关键点提供三维绝对位移校核，融合降雨和爆破数据，采用切线角与速度倒数法判别加速变形阶段并分级预警。在露天矿和排土场应用，两次局部滑塌均提前30小时以上预警。',
        innovations: ['面状扫描与点式绝对定位融合', '加速变形阶段的定量判据'],
        scenarios: ['露天矿边坡', '排土场与尾矿库', '公路高边坡'],
        keywords: ['地基合成孔径雷达', '北斗监测', '边坡预警', '变形监测', '速度倒数法'],
      },
      {
        owner: 'inst-anshan-metallurgy', fit: 1, stage: 'industrial', price: [40, 100], modes: [SERVICE],
        ip: ['inv', 'sw'],
        title: '矿山岩体微震监测与失稳风险评估',
        summary: '以高灵敏度微震传感器阵列定位岩体破裂事件，分析事件能量和频次变化评估边坡和采空区失稳风险，定位误差小于10m。',
        innovations: ['微震事件定位与能量分析'],
        scenarios: ['露天转地下矿山', '采空区监测'],
        keywords: ['微震监测', '岩体破裂', '失稳评估'],
      },
      {
        owner: 'uni-liaodong', fit: 0, stage: 'pilot', price: [20, 50], modes: [JOINT],
        ip: ['inv'],
        title: '露天矿爆破振动智能预测与参数优化',
        summary: '根据地质条件和装药参数预测爆破振动速度，优化孔网参数和起爆时差，爆破振动降低30%，大块率减少。',
        innovations: ['振动预测与参数反演'],
        scenarios: ['露天矿爆破'],
        keywords: ['爆破振动', '爆破设计', '露天矿'],
      },
    ],
  },
];
