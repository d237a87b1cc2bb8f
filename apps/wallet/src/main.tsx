import '@ticketguard/web/theme.css';
import './wallet.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startI18n } from '@ticketguard/web/i18n.ts';
import { registerServiceWorker } from '@ticketguard/web/register-service-worker.ts';
import { App } from './app.tsx';
import { warmUpQr } from './components/rotating-qr.tsx';
import { en } from './locales/en.ts';
import { nl } from './locales/nl.ts';

await startI18n({ en: { translation: en }, nl: { translation: nl } });
registerServiceWorker('/wallet/');
warmUpQr();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
