import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.ts';
import './styles/base.css';
import './styles/header.css';
import './styles/forms.css';
import './styles/content.css';
import './styles/send.css';
import { App } from './App.tsx';
import { LocaleProvider } from './components/ui/LocaleProvider.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <App />
    </LocaleProvider>
  </StrictMode>,
);
