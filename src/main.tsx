import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createWorkerClient } from './compute/client';
import { createEnsembleWorker } from './compute/ensemble/client';
import { createAppStore } from './store/appStore';
import { StoreProvider } from './store/context';
import { EnsembleProvider } from './store/ensemble/context';
import { createEnsembleStore } from './store/ensemble/store';
import { bindEnsembleUrl, startEnsembleFromUrl } from './store/ensemble/url';
import { bindUrlSync, startFromUrl } from './store/urlSync';
import './styles.css';

const store = createAppStore(createWorkerClient(), { base: import.meta.env.BASE_URL });
const ensembles = createEnsembleStore(store, {
  createWorker: createEnsembleWorker,
  openDefaultGlass: () => void startFromUrl(store, ''),
});
// Whichever view shows writes the URL; ?ensemble=… opens the Ensemble view instead of a glass.
const writeUrl = bindEnsembleUrl(ensembles, (search) =>
  history.replaceState(null, '', `${location.pathname}${search}`),
);
bindUrlSync(store, writeUrl);
if (!startEnsembleFromUrl(ensembles, location.search)) void startFromUrl(store, location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <EnsembleProvider store={ensembles}>
        <App />
      </EnsembleProvider>
    </StoreProvider>
  </StrictMode>,
);
