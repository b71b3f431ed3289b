import { type DragEvent, useEffect, useState } from 'react';
import { useApp } from './store/context';
import { useEnsemble, useEnsembleRootAttributes } from './store/ensemble/context';
import { ComparisonPanel } from './ui/ComparisonPanel';
import { ConvergencePlot } from './ui/ConvergencePlot';
import { Explainer } from './ui/Explainer';
import { ExportPanel } from './ui/ExportPanel';
import { EnsembleView } from './ui/ensemble/EnsembleView';
import { ViewSwitch } from './ui/ensemble/ViewSwitch';
import { GlassPanel } from './ui/GlassPanel';
import { Legend } from './ui/Legend';
import { ModeActions } from './ui/ModeActions';
import { ModeList } from './ui/ModeList';
import { PickInfo } from './ui/PickInfo';
import { PotentialQuestion } from './ui/PotentialQuestion';
import { PresentButton, SlideBar } from './ui/Presentation';
import { PresetCaption, Presets } from './ui/Presets';
import { ProfilePlot } from './ui/ProfilePlot';
import { SelectionPanel } from './ui/SelectionPanel';
import { Notes, StatusBar } from './ui/StatusBar';
import { ViewControls } from './ui/ViewControls';
import { Scene } from './view/Scene';

/** ↑/↓ (and ←/→) step through the mode list unless a form control has the focus. */
function useModeKeys() {
  const stepSelection = useApp((s) => s.stepSelection);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const delta =
        e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
      if (delta === 0) return;
      e.preventDefault();
      stepSelection(delta);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stepSelection]);
}

/** Over the empty view when no glass could be opened (a link's local file, a bad URL): why. */
function NoGlass() {
  const glass = useApp((s) => s.glass);
  const error = useApp((s) => s.glassError);
  if (glass || !error) return null;
  return (
    <p className="no-glass" role="alert" data-testid="no-glass">
      {error}
    </p>
  );
}

/**
 * Three columns on a desktop (guide and glass | view | modes and plots); below ~1100 px the
 * view takes the full width and the panels stack under it (styles.css).
 */
export function App() {
  const pipelineState = useApp((s) => s.pipelineState);
  const present = useApp((s) => s.view.present);
  const openLocalFile = useApp((s) => s.openLocalFile);
  const [dragging, setDragging] = useState(false);
  useModeKeys();
  // The Ensemble view replaces the whole page; the root element carries its state in both views.
  const ensembleView = useEnsemble((s) => s.view === 'ensemble');
  const ensembleAttributes = useEnsembleRootAttributes();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void openLocalFile(file);
  };
  if (ensembleView) return <EnsembleView pipelineState={pipelineState} />;
  return (
    <div
      id="app"
      className={present ? 'app presenting' : 'app'}
      data-pipeline-state={pipelineState}
      {...ensembleAttributes}
    >
      <header className="top">
        <h1>Soft spots in glasses</h1>
        <StatusBar />
        <Notes />
        <PresentButton />
        <ViewSwitch />
      </header>
      <PotentialQuestion />
      <main
        className={dragging ? 'view dragging' : 'view'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <ViewControls />
        <PresetCaption />
        <div className="canvas-wrap">
          <Scene />
          <PickInfo />
          <NoGlass />
        </div>
        <Legend />
        <SlideBar />
      </main>
      <aside className="left">
        <Presets />
        <Explainer />
        <GlassPanel />
        <section className="panel">
          <h2>Export</h2>
          <ExportPanel />
        </section>
      </aside>
      <aside className="right">
        <section className="panel">
          <h2>Modes</h2>
          <ModeList />
          <ModeActions />
        </section>
        <section className="panel">
          <h2>Selected mode</h2>
          <SelectionPanel />
        </section>
        <section className="panel">
          <h2>Comparison</h2>
          <ComparisonPanel />
        </section>
        <section className="panel">
          <h2>Energy profile</h2>
          <ProfilePlot />
        </section>
        <section className="panel">
          <h2>Convergence</h2>
          <ConvergencePlot />
        </section>
      </aside>
    </div>
  );
}
