import type { en } from './en.ts';

export const nl: typeof en = {
  title: 'Mijn tickets',
  empty: 'Nog geen tickets op deze telefoon.',
};
