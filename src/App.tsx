import { type DragEvent, useEffect, useState } from 'react';
import { useEnsemble, useEnsembleRootAttributes } from './ensemble/context';
import { useApp } from './store/context';
import { ComparisonPanel } from './ui/ComparisonPanel';
import { ConvergencePlot } from './ui/ConvergencePlot';
import { ExportPanel } from './ui/ExportPanel';
import { EnsembleView } from './ui/ensemble/EnsembleView';
import { ViewSwitch } from './ui/ensemble/ViewSwitch';
import { GlassPanel, openLocalFile } from './ui/GlassPanel';
import { ModeActions } from './ui/ModeActions';
import { ModeList } from './ui/ModeList';
import { ProfilePlot } from './ui/ProfilePlot';
import { StatusBar } from './ui/StatusBar';
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

export function App() {
  const pipelineState = useApp((s) => s.pipelineState);
  const openFile = useApp((s) => s.openFile);
  const [dragging, setDragging] = useState(false);
  useModeKeys();
  // The Ensemble view replaces the whole page; the root element carries its state in both views.
  const ensembleView = useEnsemble((s) => s.view === 'ensemble');
  const ensembleAttributes = useEnsembleRootAttributes();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void openLocalFile(file, openFile);
  };
  if (ensembleView) return <EnsembleView pipelineState={pipelineState} />;
  return (
    <div id="app" className="app" data-pipeline-state={pipelineState} {...ensembleAttributes}>
      <header className="top">
        <h1>Soft spots in glasses</h1>
        <StatusBar />
        <ViewSwitch />
      </header>
      <aside className="left">
        <GlassPanel />
        <section className="panel">
          <h2>Export</h2>
          <ExportPanel />
        </section>
      </aside>
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
        <div className="canvas-wrap">
          <Scene />
        </div>
      </main>
      <aside className="right">
        <section className="panel">
          <h2>Modes</h2>
          <ModeList />
          <ModeActions />
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
