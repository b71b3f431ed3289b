/**
 * What the figures draw, without a browser: the columns of glassRows, whole-decade axes, running
 * medians, histograms normalized as densities, cumulative ranks, the fitted lines over their
 * ranges; and the URL of the Ensemble view.
 */
import { describe, expect, it } from 'vitest';
import { packRows, ROW_KEYS, ROW_WIDTH } from '../../src/compute/ensemble/rows';
import { glassRows, summarize } from '../../src/core/ensemble/stats';
import { ColumnTable } from '../../src/store/ensemble/columnTable';
import { DEFAULT_ANALYSIS, ensembleId, T_INFINITY } from '../../src/store/ensemble/meta';
import { formatEnsembleParam, parseEnsembleParam, parseEnsembleUrl } from '../../src/store/ensemble/url';
import { buildFigureModel, decades, densityBins, runningMedian } from '../../src/ui/ensemble/figureModel';
import { FIGURES, figuresFor } from '../../src/ui/ensemble/figureTable';
import { syntheticRecords } from './synthetic';

const figure = (id: string) => FIGURES.find((f) => f.id === id)!;

function tableOf(n: number, spots = false): ColumnTable {
  const t = new ColumnTable(4);
  t.append(packRows(glassRows(syntheticRecords(n, 1, 256, spots)).rows));
  return t;
}

describe('columns', () => {
  it('pack every glassRows field, grow, skip seeds already there and keep the selection per row', () => {
    const rows = glassRows(syntheticRecords(10, 1)).rows;
    const packed = packRows(rows);
    expect(packed.length).toBe(10 * ROW_WIDTH);
    const t = new ColumnTable(2);
    expect(t.append(packed)).toBe(10);
    expect(t.append(packed.subarray(0, 3 * ROW_WIDTH))).toBe(0);
    expect(t.n).toBe(10);
    for (const key of ROW_KEYS) expect(Array.from(t.column(key))).toEqual(rows.map((r) => r[key]));
    t.select((k) => t.column('seed')[k] <= 3);
    expect(t.selectedCount).toBe(3);
    expect(t.rowOf(3)).toBe(2);
  });
});

describe('figure models', () => {
  it('axes span whole decades around the values', () => {
    expect(decades([Float64Array.of(0.21, 0.64)])).toEqual([0.1, 1]);
    expect(decades([Float64Array.of(3, Number.NaN, -1, 2500)])).toEqual([1, 10_000]);
    expect(decades([new Float64Array(0)])).toEqual([0.1, 1]);
  });

  it('running medians follow a planted power law', () => {
    const x = Float64Array.from({ length: 600 }, (_, k) => 0.01 * 1.01 ** k);
    const y = x.map((v, k) => v ** 2 * (k % 2 ? 1.2 : 1 / 1.2));
    const m = runningMedian(x, y);
    expect(m.length).toBeGreaterThanOrEqual(10);
    for (const [mx, my] of m) expect(my / mx ** 2).toBeGreaterThan(0.8);
    for (const [mx, my] of m) expect(my / mx ** 2).toBeLessThan(1.25);
  });

  it('densities integrate to one (and a selection to its share)', () => {
    const v = Float64Array.from({ length: 500 }, (_, k) => 0.001 + k * 0.002);
    const bins = densityBins(v, [1e-3, 1], null);
    expect(bins.reduce((a, b) => a + b.p * (b.x2 - b.x1), 0)).toBeCloseTo(1, 12);
    const half = Uint8Array.from(v, (_, k) => (k < 250 ? 1 : 0));
    expect(densityBins(v, [1e-3, 1], half).reduce((a, b) => a + b.p * (b.x2 - b.x1), 0)).toBeCloseTo(0.5, 12);
  });

  it('every figure draws one point per glass, the cumulative as ranks, fits over their ranges', () => {
    const t = tableOf(200, true);
    for (const f of FIGURES) {
      const m = buildFigureModel(f, t, {});
      expect(m.rows).toBe(200);
      for (const l of m.layers) expect(l.shown).toBeGreaterThan(150);
      expect(m.xDomain[0]).toBeLessThan(m.xDomain[1]);
      expect(m.yDomain[0]).toBeLessThan(m.yDomain[1]);
    }
    const dos = buildFigureModel(figure('dos'), t, {});
    const ranks = Array.from(dos.layers[1].y).sort((a, b) => a - b);
    expect(ranks[0]).toBeCloseTo(1 / 200, 12);
    expect(ranks[199]).toBe(1);
    expect(buildFigureModel(figure('fig7b'), t, {}).cells.reduce((a, c) => a + c.count, 0)).toBe(200);
    const fitted = buildFigureModel(figure('fig5a'), t, {
      fig5a: { id: 'fig5a', kind: 'slope', value: 2, error: 0.1, n: 200, range: [0.1, 0.5], intercept: Math.log(3) },
    });
    expect(fitted.fits[0].points[0][0]).toBe(0.1);
    expect(fitted.fits[0].points[0][1]).toBeCloseTo(3 * 0.1 ** 2, 14);
    expect(fitted.fits[0].points[2][0]).toBe(0.5);
    expect(fitted.guides[0].label).toBe('slope 2');
  });

  it('every guide lies inside its frame (p(VB), p(x): the low tail up to the peak); the median fit is named', () => {
    const t = tableOf(200, true);
    for (const id of ['pvb', 'px']) {
      const m = buildFigureModel(figure(id), t, {});
      expect(m.guides.length).toBe(1);
      for (const [x, y] of m.guides[0].points) {
        expect(x).toBeGreaterThanOrEqual(m.xDomain[0]);
        expect(x).toBeLessThanOrEqual(m.xDomain[1]);
        expect(y).toBeGreaterThanOrEqual(m.yDomain[0]);
        expect(y).toBeLessThanOrEqual(m.yDomain[1]);
      }
    }
    const fig7a = buildFigureModel(figure('fig7a'), t, {
      fig7a: { id: 'fig7a', kind: 'median', value: 0.25, error: 0.05, n: 200, range: null },
    });
    expect(fig7a.fits[0].label).toBe('median of all π3');
  });
});

describe('population figures', () => {
  it('are shown only for ensembles with populations, and plot ψ1’s weights and the softest soft spot', () => {
    expect(figuresFor(false).some((f) => f.population)).toBe(false);
    expect(
      figuresFor(true)
        .filter((f) => f.population)
        .map((f) => f.id),
    ).toEqual(['hybridization', 'softest']);
    expect(figuresFor(true).length).toBe(FIGURES.length);
    // Without populations the columns are NaN: nothing is drawn rather than zeros.
    const plain = buildFigureModel(figure('softest'), tableOf(40), {});
    expect(plain.layers[1].shown).toBe(0);

    const records = syntheticRecords(40, 1, 256, true);
    const { rows } = glassRows(records);
    rows.forEach((r, k) => {
      const spots = records[k].softSpots!;
      expect(r.spotCount).toBe(spots.length);
      expect(r.omegaSoftest).toBeCloseTo(
        Math.sqrt(Math.min(...spots.map((p) => p.kappa))) / records[k].omega0!.model!,
        14,
      );
      expect(r.psi1Weight).toBe(records[k].hybridization![0].weights[0].weight);
      expect(r.psi1Outside).toBe(records[k].hybridization![0].outside);
    });
    // Every fourth glass has a soft spot softer than π4: its curve lies left of π4's at the bottom.
    const m = buildFigureModel(figure('softest'), tableOf(40, true), {});
    const lowest = (l: number) => Math.min(...Array.from(m.layers[l].x).filter(Number.isFinite));
    expect(lowest(1)).toBeLessThan(lowest(0));
    const h = buildFigureModel(figure('hybridization'), tableOf(40, true), {});
    expect(h.layers.map((l) => l.shown)).toEqual([40, 40]);
  });

  it('ensemble stats gives the population numbers: spots per glass, the share softer than π4', () => {
    const summary = summarize(syntheticRecords(40, 1, 256, true));
    const line = (name: string) => summary.lines.find((l) => l.name.startsWith(name))!;
    expect(line('soft spots per glass').estimate.value).toBeCloseTo((10 * 4 + 30 * 3) / 40, 12);
    expect(line('fraction with a spot softer than π4').estimate.count).toBe(10);
    expect(line('median of ψ1 outside').n).toBe(40);
    expect(summarize(syntheticRecords(40)).lines.some((l) => l.name.startsWith('soft spots per glass'))).toBe(false);
  });
});

describe('the ensemble URL and identity', () => {
  it('parses ?ensemble=<model>,<d>,<N>,<count>,<seed>&run=1 and writes it back', () => {
    const url = parseEnsembleUrl('?ensemble=ipl,2,256,32,1&run=1&workers=4');
    expect(url).toEqual({ param: 'ipl,2,256,32,1', run: true, spots: false, workers: 4 });
    const spec = parseEnsembleParam(url!.param)!;
    expect(spec).toEqual({ model: 'ipl', d: 2, N: 256, count: 32, firstSeed: 1, preparation: T_INFINITY });
    expect(formatEnsembleParam(spec)).toBe('ipl,2,256,32,1');
    expect(parseEnsembleParam('ipl,4,256,32,1')).toBeNull();
    expect(parseEnsembleUrl('?glass=ipl2D-400')).toBeNull();
    expect(parseEnsembleUrl('?ensemble')).toMatchObject({ param: '', run: false });
    // A parent temperature, written as in gen: references.
    const cold = parseEnsembleParam('poly,2,1024,16,1,tp=0.5,sweeps=100000,swap')!;
    expect(cold.preparation).toEqual({ tp: 0.5, sweeps: 100000, swap: true });
    expect(formatEnsembleParam(cold)).toBe('poly,2,1024,16,1,tp=0.5,sweeps=100000,swap');
    expect(ensembleId(cold, DEFAULT_ANALYSIS)).toBe('poly-2D-N1024-Tp0.5-swap-100000sweeps-K8');
    expect(parseEnsembleParam('poly,2,1024,16,1,tp=-1')).toBeNull();
  });

  it('one stored ensemble per class: the seeds asked for do not change it, the analysis does', () => {
    const spec = parseEnsembleParam('poly,3,1000,10,5')!;
    expect(ensembleId(spec, DEFAULT_ANALYSIS)).toBe('poly-3D-N1000-Tinf-K8');
    expect(ensembleId(parseEnsembleParam('poly,3,1000,99,7')!, DEFAULT_ANALYSIS)).toBe('poly-3D-N1000-Tinf-K8');
    expect(ensembleId(spec, { K: 8, spots: true })).toBe('poly-3D-N1000-Tinf-K8-spots');
  });
});
