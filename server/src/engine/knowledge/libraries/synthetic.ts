// Libraries that make up data (Faker, mimesis): a module that uses them seeds fixtures or demo
// tables; what it writes is not a pipeline's data.

import type { Library } from '../types';

export const SYNTHETIC_DATA: Library = {
  id: 'synthetic-data',
  title: 'Faker / mimesis (synthetic data)',
  modules: ['faker', 'mimesis'],
  syntheticData: true,
  calls: [],
};
