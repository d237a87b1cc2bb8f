export const en = {
  title: 'My tickets',
  empty: 'No tickets on this phone yet.',
};
