import { createRouter } from '@ticketguard/web/router.tsx';

export { match } from '@ticketguard/web/router.tsx';
export const { navigate, Link, usePath } = createRouter('/dashboard');
