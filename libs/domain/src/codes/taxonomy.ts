/**
 * The initial taxonomy: technology fields (技术领域) and industry chains (产业链). It is data —
 * seeded into the database by a migration and editable by admins afterwards — kept here so the
 * seed, the demo data and the benchmarks share one source. Chains belong to a field.
 */
export interface TaxonomyField {
  readonly code: string;
  readonly label: string;
}
export interface TaxonomyChain {
  readonly code: string;
  readonly label: string;
  readonly field: string;
}

export const INITIAL_FIELDS: readonly TaxonomyField[] = [
  { code: 'equipment', label: '装备制造' },
  { code: 'robotics', label: '机器人与智能制造' },
  { code: 'aerospace', label: '航空航天' },
  { code: 'materials', label: '新材料' },
  { code: 'fine_chemicals', label: '精细化工' },
  { code: 'petrochemicals', label: '石油化工' },
  { code: 'metallurgy', label: '冶金' },
  { code: 'biomedicine', label: '生物医药' },
  { code: 'medical_devices', label: '医疗器械' },
  { code: 'agriculture', label: '现代农业' },
  { code: 'food', label: '食品加工' },
  { code: 'environment', label: '节能环保' },
  { code: 'new_energy', label: '新能源与储能' },
  { code: 'automotive', label: '汽车与新能源汽车' },
  { code: 'marine', label: '船舶与海洋工程' },
  { code: 'integrated_circuits', label: '集成电路' },
  { code: 'information_technology', label: '新一代信息技术' },
  { code: 'construction', label: '建筑与土木工程' },
  { code: 'mining', label: '矿产资源与采矿' },
  { code: 'textiles', label: '纺织与轻工' },
];

export const INITIAL_CHAINS: readonly TaxonomyChain[] = [
  { code: 'cnc_machine_tools', label: '数控机床', field: 'equipment' },
  { code: 'power_transmission_equipment', label: '输变电装备', field: 'equipment' },
  { code: 'gas_turbines', label: '燃气轮机', field: 'equipment' },
  { code: 'bearings_and_parts', label: '轴承及基础零部件', field: 'equipment' },
  { code: 'industrial_robots', label: '工业机器人', field: 'robotics' },
  { code: 'industrial_internet', label: '工业互联网', field: 'robotics' },
  { code: 'aviation_equipment', label: '航空装备', field: 'aerospace' },
  { code: 'titanium', label: '钛及钛合金', field: 'materials' },
  { code: 'magnesite', label: '菱镁新材料', field: 'materials' },
  { code: 'advanced_steel', label: '精品钢材', field: 'metallurgy' },
  { code: 'nonferrous', label: '有色金属', field: 'metallurgy' },
  { code: 'refining_chemicals', label: '炼化一体化', field: 'petrochemicals' },
  { code: 'fine_chemicals_chain', label: '精细化工', field: 'fine_chemicals' },
  { code: 'innovative_drugs', label: '创新药与生物制品', field: 'biomedicine' },
  { code: 'medical_equipment', label: '高端医疗装备', field: 'medical_devices' },
  { code: 'seed_industry', label: '现代种业', field: 'agriculture' },
  { code: 'agri_processing', label: '农产品精深加工', field: 'food' },
  { code: 'pollution_control', label: '污染防治与资源循环', field: 'environment' },
  { code: 'wind_solar', label: '风电与光伏', field: 'new_energy' },
  { code: 'hydrogen', label: '氢能', field: 'new_energy' },
  { code: 'energy_storage', label: '储能', field: 'new_energy' },
  { code: 'new_energy_vehicles', label: '新能源汽车', field: 'automotive' },
  { code: 'shipbuilding', label: '船舶与海工装备', field: 'marine' },
  { code: 'semiconductor_equipment', label: '集成电路装备与材料', field: 'integrated_circuits' },
  { code: 'software_services', label: '软件与信息服务', field: 'information_technology' },
  { code: 'artificial_intelligence', label: '人工智能', field: 'information_technology' },
];
