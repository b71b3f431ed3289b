import { createContext, useContext, useMemo } from 'react';
import type { GlassData } from '../compute/api';
import { coreParticle as coreOf } from '../core/field';
import { useApp } from '../store/context';
import { selectedMode, slotModes } from '../store/selectors';
import { effectiveFraction, effectiveParticles, type ParticleStyle } from '../store/viewSettings';
import { drawnCentre, drawnExtent, drawnParticles } from './drawnRegion';
import { displayPositions, fadeFactors } from './fieldDisplay';
import type { ArrowLayerSpec } from './layers';
import { meanSpacing } from './particleStyle';
import { type SpotMark, spotMarks } from './softSpotMarks';
import { useArrowLayers } from './useLayers';

/** The soft-spot cores the view rings (the view's spots setting), from the modes and the fields drawn. */
export function useSpotMarks(): SpotMark[] {
  const on = useApp((s) => s.view.spots);
  const modes = useApp((s) => s.modes);
  const selectedId = useApp((s) => s.selectedId);
  const layers = useArrowLayers();
  return useMemo(() => {
    if (!on) return [];
    const drawnIds = new Set(layers.flatMap((l) => (l.source.mode ? [l.source.mode.id] : [])));
    const pair = layers.find((l) => l.source.pair)?.source.pair ?? null;
    const slots = slotModes({ modes, selectedId });
    const delta = pair
      ? { psi: pair.harmonic, pi4: pair.quartic }
      : slots.psi && slots.pi4 && layers.some((l) => l.kind === 'delta')
        ? { psi: slots.psi, pi4: slots.pi4 }
        : null;
    return spotMarks(modes, drawnIds, delta);
  }, [on, layers, modes, selectedId]);
}

/**
 * What every part of the scene draws from, computed once per change (not per component): the
 * glass in scene coordinates, re-centred so that no drawn field is cut by the boundary, the
 * fade around the core, which particles carry arrows, and the soft-spot cores to mark.
 */
export interface SceneData {
  glass: GlassData;
  d: 2 | 3;
  a0: number;
  layers: ArrowLayerSpec[];
  fraction: number;
  /** Scene positions (3 per particle): the box centred on the origin, re-centred on the fields. */
  display: Float32Array;
  /** Scene position of the selected mode's core (the fade's centre and "zoom to core"'s target). */
  core: [number, number, number];
  fade: Float32Array;
  /** Per particle: 1 where some drawn field has an arrow. */
  drawn: Uint8Array;
  /** The drawn arrows' bounding box in scene units (margin: the longest arrow). */
  extent: { min: [number, number, number]; max: [number, number, number] } | null;
  particles: ParticleStyle;
  /** Soft-spot cores to mark, in scene coordinates. */
  marks: (SpotMark & { position: [number, number, number] })[];
}

export const SceneDataContext = createContext<SceneData | null>(null);

export function useSceneData(): SceneData | null {
  return useContext(SceneDataContext);
}

/** The fields whose drawn particles set the centre: every plain field (Δ only when alone). */
function centringFields(layers: ArrowLayerSpec[]): Float64Array[] {
  const plain = layers.filter((l) => l.kind !== 'delta');
  return (plain.length > 0 ? plain : layers).map((l) => l.field);
}

export function useComputeSceneData(): SceneData | null {
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const selected = useApp((s) => selectedMode(s));
  const layers = useArrowLayers();
  const d = glass?.d ?? 2;
  const fraction = effectiveFraction(view, d);
  const positions = glass?.positions;
  const box = glass?.box;
  const N = glass?.N ?? 0;
  const a0 = glass ? meanSpacing(glass) : 1;

  // Re-centred on the drawn fields (their displacement's centre on the torus), else on the box.
  const fields = useMemo(() => centringFields(layers), [layers]);
  const centre = useMemo(
    () =>
      positions && box && view.recenter && fields.length > 0
        ? drawnCentre(fields, positions, d, box.lengths, fraction)
        : null,
    [positions, box, view.recenter, fields, d, fraction],
  );
  const display = useMemo(
    () => (positions && box ? displayPositions(positions, d, box, centre, new Float32Array(N * 3)) : null),
    [positions, d, box, centre, N],
  );
  const coreField = selected?.field ?? layers[0]?.field ?? null;
  const coreParticle = coreField ? coreOf(coreField, d) : -1;
  const core = useMemo<[number, number, number]>(
    () =>
      display && coreParticle >= 0
        ? [display[coreParticle * 3], display[coreParticle * 3 + 1], display[coreParticle * 3 + 2]]
        : [0, 0, 0],
    [display, coreParticle],
  );
  const fade = useMemo(
    () => (display ? fadeFactors(display, d, core, view.fadeRadius * a0, new Float32Array(N)) : null),
    [display, d, core, view.fadeRadius, a0, N],
  );
  const drawn = useMemo(() => {
    const out = drawnParticles(
      layers.map((l) => l.field),
      d,
      N,
      fraction,
    );
    if (fade) for (let i = 0; i < N; i++) if (fade[i] === 0) out[i] = 0;
    return out;
  }, [layers, d, N, fraction, fade]);
  const extent = useMemo(
    () => (display ? drawnExtent(display, drawn, view.arrowScale * a0) : null),
    [display, drawn, view.arrowScale, a0],
  );
  const spots = useSpotMarks();
  const marks = useMemo(
    () =>
      display
        ? spots.map((m) => {
            const i = m.mode.softSpot!.core;
            return {
              ...m,
              position: [display[i * 3], display[i * 3 + 1], display[i * 3 + 2]] as [number, number, number],
            };
          })
        : [],
    [spots, display],
  );

  return useMemo(() => {
    if (!glass || !display || !fade) return null;
    return {
      glass,
      d,
      a0,
      layers,
      fraction,
      display,
      core,
      fade,
      drawn,
      extent,
      particles: effectiveParticles(view, d),
      marks,
    };
  }, [glass, display, fade, d, a0, layers, fraction, core, drawn, extent, view, marks]);
}
