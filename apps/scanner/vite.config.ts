import { appConfig } from '../../packages/web/src/vite-app-config.ts';

export default appConfig('scanner', import.meta.url);
