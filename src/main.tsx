import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createWorkerClient } from './compute/client';
import { createAppStore } from './store/appStore';
import { StoreProvider } from './store/context';
import { bindUrlSync, startFromUrl } from './store/urlSync';
import './styles.css';

const store = createAppStore(createWorkerClient(), { base: import.meta.env.BASE_URL });
bindUrlSync(store, (search) => history.replaceState(null, '', `${location.pathname}${search}`));
void startFromUrl(store, location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
