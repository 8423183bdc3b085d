import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isElectron } from './api/client';
import { startWebSession, useWebSession } from './api/session';
import { App } from './app/App';
import { TokenPage } from './TokenPage';
import './styles/theme.css';

if (!isElectron) startWebSession();

function Root() {
  const problem = useWebSession((s) => s.problem);
  return problem ? <TokenPage problem={problem} /> : <App />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
