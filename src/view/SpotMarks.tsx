import { useEffect, useMemo } from 'react';
import { CanvasTexture, SpriteMaterial, SRGBColorSpace } from 'three';
import { useSceneData } from './sceneData';

/** The marks' colour: Okabe–Ito orange, apart from every arrow colour of the palette. */
export const MARK_COLOR = '#e69f00';

/** A ring with a label beside it, as a sprite texture (the ring's centre at 1/6 of the width). */
function markTexture(label: string, color: string): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = 768;
  canvas.height = 256;
  const ctx = canvas.getContext('2d')!;
  ctx.lineWidth = 14;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.beginPath();
  ctx.arc(128, 128, 100, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = 8;
  ctx.strokeStyle = color;
  ctx.stroke();
  ctx.font = '600 56px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 10;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.strokeText(label, 246, 128);
  ctx.fillStyle = color;
  ctx.fillText(label, 246, 128);
  const texture = new CanvasTexture(canvas);
  // The canvas holds sRGB colours: said, so the ring is the palette's orange, not a paler one.
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}

/**
 * Rings (with names) on the cores of the glass's other soft spots, "on demand" (the view's
 * spots setting): with Δ drawn, on those Δ sits on, each with its weight (Δ̂·πj)². Always on
 * top, in every panel.
 */
export function SpotMarks() {
  const data = useSceneData();
  const marks = data?.marks ?? [];
  const a0 = data?.a0 ?? 1;
  const materials = useMemo(
    () =>
      marks.map(
        (m) =>
          new SpriteMaterial({
            map: markTexture(m.weight === null ? m.mode.label : `${m.mode.label} ${m.weight.toFixed(2)}`, MARK_COLOR),
            depthTest: false,
            // Its transparent square must not hide what is drawn after it.
            depthWrite: false,
            transparent: true,
            toneMapped: false,
          }),
      ),
    [marks],
  );
  useEffect(
    () => () => {
      for (const m of materials) {
        m.map?.dispose();
        m.dispose();
      }
    },
    [materials],
  );
  // Ring diameter about 2 a0 (a core's innermost particles), the label beside it.
  const height = 2.4 * a0;
  return (
    <>
      {marks.map((m, k) => (
        <sprite
          key={m.mode.id}
          material={materials[k]}
          position={m.position}
          center={[1 / 6, 0.5]}
          scale={[3 * height, height, 1]}
          renderOrder={10}
        />
      ))}
    </>
  );
}
