import { appConfig } from '../../packages/web/src/vite-app-config.ts';

export default appConfig('dashboard', import.meta.url);
