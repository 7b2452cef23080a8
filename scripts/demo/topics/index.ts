import type { Topic } from '../topic';
import { AEROSPACE_TOPICS } from './aerospace';
import { AGRICULTURE_TOPICS } from './agriculture';
import { AUTOMOTIVE_TOPICS } from './automotive';
import { BIOMEDICINE_TOPICS } from './biomedicine';
import { STORAGE_HYDROGEN_TOPICS } from './energy-storage';
import { SOLAR_WIND_TOPICS } from './energy-solar-wind';
import { ENVIRONMENT_TOPICS } from './environment';
import { COMPONENT_TOPICS } from './equipment-components';
import { MACHINING_TOPICS } from './equipment-machining';
import { MACHINE_SHOP_TOPICS } from './equipment-shop';
import { FINE_CHEMICAL_TOPICS } from './fine-chemicals';
import { FOOD_TOPICS } from './food';
import { INDUSTRIAL_SOFTWARE_TOPICS } from './industrial-software';
import { MARINE_TOPICS } from './marine';
import { MAGNESITE_TOPICS } from './materials-magnesite';
import { METAL_MATERIAL_TOPICS } from './materials-metals';
import { MEDICAL_TOPICS } from './medical-devices';
import { METALLURGY_TOPICS } from './metallurgy';
import { MINING_TOPICS } from './mining';
import { PETROCHEMICAL_TOPICS } from './petrochemicals';
import { ROBOTICS_TOPICS } from './robotics';
import { SEMICONDUCTOR_TOPICS } from './semiconductors';
import { STANDALONE_INDUSTRY_TOPICS } from './standalone-industry';
import { STANDALONE_LIFE_ENERGY_TOPICS } from './standalone-life-energy';

/** Every topic of the demo, in a fixed order: the order numbers the external refs. */
export const DEMO_TOPICS: readonly Topic[] = [
  ...MACHINING_TOPICS,
  ...MACHINE_SHOP_TOPICS,
  ...COMPONENT_TOPICS,
  ...ROBOTICS_TOPICS,
  ...INDUSTRIAL_SOFTWARE_TOPICS,
  ...AEROSPACE_TOPICS,
  ...MAGNESITE_TOPICS,
  ...METAL_MATERIAL_TOPICS,
  ...METALLURGY_TOPICS,
  ...MINING_TOPICS,
  ...FINE_CHEMICAL_TOPICS,
  ...PETROCHEMICAL_TOPICS,
  ...BIOMEDICINE_TOPICS,
  ...MEDICAL_TOPICS,
  ...AGRICULTURE_TOPICS,
  ...FOOD_TOPICS,
  ...ENVIRONMENT_TOPICS,
  ...SOLAR_WIND_TOPICS,
  ...STORAGE_HYDROGEN_TOPICS,
  ...AUTOMOTIVE_TOPICS,
  ...MARINE_TOPICS,
  ...SEMICONDUCTOR_TOPICS,
  ...STANDALONE_INDUSTRY_TOPICS,
  ...STANDALONE_LIFE_ENERGY_TOPICS,
];
