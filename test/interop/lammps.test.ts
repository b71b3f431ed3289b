/**
 * Against LAMMPS itself (Debian's `lmp`): small Kob–Andersen glasses made by LAMMPS in 2D and 3D
 * (an NVT liquid, then CG), read with `--potential` set to the very input script that made them,
 * give LAMMPS's own U/N and virial pressure after `run 0` to 1e-10 and its forces (a dump with
 * %.17g) to 1e-10 of the largest force, in the liquid and in the glass; the same liquid under
 * lj/smooth/linear with arithmetic mixing too. LAMMPS `read_data` reads every data export (KA with
 * unit and other masses, 2D and 3D, IPL atomic, POLY sphere with unit masses) and gives our
 * energy. The shared fixtures give the LAMMPS numbers of their README with their own scripts.
 * The measured agreement is printed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mechanicalState } from '../../src/core/analysis';
import { readGlass, readLammpsScript, writeGlass } from '../../src/core/io/index';
import type { Glass } from '../../src/core/types';
import { FIXTURES } from '../helpers/glasses';
import { coreForces, ROOT, relative, requireLammps, runLammps, tempDir } from './tools';

const TOLERANCE = 1e-10;

/** A KA glass the LAMMPS way, as ../shared/fixtures/*.lammps.in make them, small and quick. */
function kaScript(d: 2 | 3): string {
  const box =
    d === 3 ? 'lattice sc 1.2\nregion box block 0 8 0 8 0 8' : 'lattice sq 1.2\nregion box block 0 20 0 20 -0.5 0.5';
  const small = d === 3 ? 102 : 140; // 80:20 of 512, 65:35 of 400
  return `# Kob-Andersen ${d}D, made for the interoperability test
units lj
atom_style atomic
dimension ${d}
boundary p p p
${box}
create_box 2 box
create_atoms 1 box
set type 1 type/subset 2 ${small} 4711
mass * 1.0
pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 2 2 0.5 0.88 2.2
compute pv all pressure NULL virial
thermo_style custom step pe press c_pv
velocity all create 2.0 12345 mom yes rot yes dist gaussian
fix 1 all nvt temp 2.0 2.0 0.5
${d === 2 ? 'fix 2 all enforce2d\n' : ''}timestep 0.005
thermo 1000
run 1000
unfix 1
run 0
print "LIQUID $(pe:%.17g) $(c_pv:%.17g)"
write_data liquid.data nocoeff
write_dump all custom liquid.dump id type fx fy fz modify sort id format float %.17g
velocity all set 0 0 0
min_style cg
minimize 0 1e-10 100000 1000000
run 0
print "GLASS $(pe:%.17g) $(c_pv:%.17g) $(fmax:%.3g)"
write_data glass.data nocoeff
write_dump all custom glass.dump id type fx fy fz modify sort id format float %.17g
write_dump all custom glass-xyz.dump id type x y z ix iy iz modify format float %.17g
write_dump all atom glass-atom.dump
`;
}

/** Forces of a `dump custom id type fx fy fz` sorted by id, as N·d. */
function dumpForces(text: string, d: number): Float64Array {
  const lines = text.trim().split('\n');
  const start = lines.findIndex((l) => l.startsWith('ITEM: ATOMS')) + 1;
  const rows = lines.slice(start);
  const out = new Float64Array(rows.length * d);
  rows.forEach((row, i) => {
    const t = row.trim().split(/\s+/);
    expect(Number(t[0])).toBe(i + 1);
    for (let a = 0; a < d; a++) out[i * d + a] = Number(t[2 + a]);
  });
  return out;
}

interface Agreement {
  energy: number;
  pressure: number;
  /** max |ΔF| over max |F| (absolute when the forces vanish: a glass). */
  force: number;
  maxForce: number;
}

function agreement(glass: Glass, lammps: string[], forcesText: string): Agreement {
  const s = mechanicalState(glass);
  const ours = coreForces(glass);
  const theirs = dumpForces(forcesText, glass.d);
  expect(theirs.length).toBe(ours.length);
  let worst = 0;
  let largest = 0;
  for (let k = 0; k < ours.length; k++) {
    worst = Math.max(worst, Math.abs(ours[k] - theirs[k]));
    largest = Math.max(largest, Math.abs(theirs[k]));
  }
  return {
    energy: relative(s.energyPerParticle, Number(lammps[0])),
    pressure: relative(s.pressure, Number(lammps[1])),
    force: largest > 1 ? worst / largest : worst,
    maxForce: largest,
  };
}

function report(what: string, a: Agreement): void {
  console.log(
    `LAMMPS agreement, ${what}: U/N ${a.energy.toExponential(1)}, p ${a.pressure.toExponential(1)} (relative), ` +
      `forces ${a.force.toExponential(1)} (${a.maxForce > 1 ? 'of the largest' : 'absolute; |F|max'} ${a.maxForce.toExponential(2)})`,
  );
}

describe('KA glasses made by LAMMPS', () => {
  const runs: Record<number, { dir: string; script: string; printed: Record<string, string[]> }> = {};
  beforeAll(() => {
    requireLammps();
    for (const d of [2, 3] as const) {
      const dir = tempDir(`lmp-ka${d}d`);
      const script = kaScript(d);
      runs[d] = { dir, script, printed: runLammps(dir, script, `in.ka${d}d`) };
    }
  }, 300_000);

  for (const d of [3, 2] as const) {
    it(`${d}D: U/N, virial pressure and forces of the liquid and the glass, read with --potential from its own script`, () => {
      const { dir, script, printed } = runs[d];
      const potential = readLammpsScript(script, `in.ka${d}d`);
      for (const state of ['liquid', 'glass'] as const) {
        const { glass, warnings } = readGlass(readFileSync(join(dir, `${state}.data`), 'utf8'), `${state}.data`, {
          lammps: potential,
        });
        expect(glass.d).toBe(d);
        expect(glass.N).toBe(d === 3 ? 512 : 400);
        expect(glass.masses ?? null).toBeNull();
        expect(warnings.join(' ')).toContain("the catalogue's ka");
        const a = agreement(glass, printed[state.toUpperCase()], readFileSync(join(dir, `${state}.dump`), 'utf8'));
        report(`${d}D ${state}`, a);
        expect(a.energy).toBeLessThan(TOLERANCE);
        expect(a.pressure).toBeLessThan(TOLERANCE);
        expect(a.force).toBeLessThan(TOLERANCE);
      }
    });
  }

  it('LAMMPS dumps of the glass: full precision gives its U/N; dump atom (scaled, %g) reads with the precision note', () => {
    for (const d of [3, 2] as const) {
      const { dir, script, printed } = runs[d];
      const lammps = readLammpsScript(script, `in.ka${d}d`);
      const full = readGlass(readFileSync(join(dir, 'glass-xyz.dump'), 'utf8'), 'glass-xyz.dump', { lammps });
      expect(full.glass.d).toBe(d);
      const e = relative(mechanicalState(full.glass).energyPerParticle, Number(printed.GLASS[0]));
      console.log(`LAMMPS ${d}D glass dump (x y z, %.17g): U/N agrees to ${e.toExponential(1)}`);
      expect(e).toBeLessThan(TOLERANCE);
      expect(full.warnings.some((w) => w.includes('significant digits'))).toBe(false);
      const atom = readGlass(readFileSync(join(dir, 'glass-atom.dump'), 'utf8'), 'glass-atom.dump', { lammps });
      expect(atom.glass.N).toBe(full.glass.N);
      expect(atom.warnings.join(' ')).toContain("significant digits (LAMMPS's default dump format)");
    }
  });

  it('3D liquid under lj/smooth/linear with arithmetic mixing of the unset pair (LAMMPS run 0)', () => {
    const { dir } = runs[3];
    const script = `units lj
atom_style atomic
read_data liquid.data
pair_style lj/smooth/linear 2.5
pair_modify mix arithmetic
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 0.5 0.88 2.2
compute pv all pressure NULL virial
thermo_style custom step pe press c_pv
run 0
print "SMOOTH $(pe:%.17g) $(c_pv:%.17g)"
write_dump all custom smooth.dump id type fx fy fz modify sort id format float %.17g
`;
    const printed = runLammps(dir, script, 'in.smooth');
    const { glass } = readGlass(readFileSync(join(dir, 'liquid.data'), 'utf8'), 'liquid.data', {
      lammps: readLammpsScript(script, 'in.smooth'),
    });
    expect(glass.potential.cutoff).toEqual({ kind: 'forceShift' });
    const a = agreement(glass, printed.SMOOTH, readFileSync(join(dir, 'smooth.dump'), 'utf8'));
    report('3D liquid, lj/smooth/linear + mix arithmetic', a);
    expect(a.energy).toBeLessThan(TOLERANCE);
    expect(a.pressure).toBeLessThan(TOLERANCE);
    expect(a.force).toBeLessThan(TOLERANCE);
  });

  it('the CLI: analyze glass.data --potential in.lammps gives LAMMPS numbers; without it, exit 2 naming --potential', () => {
    const { dir, printed } = runs[3];
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const data = join(dir, 'glass.data');
    const r = cli('analyze', data, '--potential', join(dir, 'in.ka3d'), '--harmonic-only', '--json');
    expect(r.stderr).toContain("the catalogue's ka");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.model).toBe('ka');
    expect(relative(out.energyPerParticle, Number(printed.GLASS[0]))).toBeLessThan(TOLERANCE);
    expect(relative(out.pressure, Number(printed.GLASS[1]))).toBeLessThan(TOLERANCE);
    expect(out.harmonic[0].omega2).toBeGreaterThan(0);
    const refused = cli('analyze', data);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${data} does not say its pair potential`);
    expect(refused.stderr).toContain('give --potential in.lammps or --model NAME');
  });

  it('LAMMPS read_data reads every data export and gives our energy (KA 2D/3D, masses ≠ 1, IPL, POLY as spheres)', () => {
    const dir = tempDir('lmp-exports');
    const ka3 = readGlass(readFileSync(join(runs[3].dir, 'glass.data'), 'utf8'), 'glass.data', {
      lammps: readLammpsScript(runs[3].script, 'in.ka3d'),
    }).glass;
    const ka2 = readGlass(readFileSync(join(runs[2].dir, 'glass.data'), 'utf8'), 'glass.data', {
      lammps: readLammpsScript(runs[2].script, 'in.ka2d'),
    }).glass;
    const heavy: Glass = { ...ka3, masses: Float64Array.from(ka3.attr, (a) => (a === 1 ? 2.5 : 1)) };
    const ipl = readGlass(readFileSync(join(FIXTURES, 'ipl2D_snap.dat'), 'utf8'), 'ipl2D_snap.dat').glass;
    const poly = readGlass(readFileSync(join(FIXTURES, 'swap2D_snap.dat'), 'utf8'), 'swap2D_snap.dat').glass;
    const exports: [string, Glass, string][] = [
      ['ka3', ka3, 'atomic'],
      ['ka2', ka2, 'atomic'],
      ['heavy', heavy, 'atomic'],
      ['ipl', ipl, 'atomic'],
      ['poly', poly, 'sphere'],
    ];
    const ka =
      'pair_style lj/cut 2.5\npair_modify shift yes\npair_coeff 1 1 1.0 1.0 2.5\npair_coeff 1 2 1.5 0.8 2.0\npair_coeff 2 2 0.5 0.88 2.2';
    const parts = exports.map(([name, glass, style]) => {
      writeFileSync(join(dir, `${name}.data`), writeGlass(glass, 'lammps'));
      const pair = name.startsWith('ka') || name === 'heavy' ? ka : 'pair_style zero 3.0\npair_coeff * *';
      const last = glass.N;
      return `clear
units lj
dimension ${glass.d}
atom_style ${style}
atom_modify map yes
boundary p p p
read_data ${name}.data
${pair}
run 0
print "${name.toUpperCase()} $(pe:%.17g) $(atoms) $(lx:%.17g) $(mass[1]:%.17g) $(mass[${last}]:%.17g)"`;
    });
    const printed = runLammps(dir, parts.join('\n'), 'in.exports');
    for (const [name, glass] of exports) {
      const [pe, atoms, lx, m1, mN] = printed[name.toUpperCase()].map(Number);
      expect(atoms).toBe(glass.N);
      expect(lx).toBe(glass.box.lengths[0]);
      const mass = (i: number) => glass.masses?.[i] ?? 1;
      expect(relative(m1, mass(0))).toBeLessThan(1e-15);
      expect(relative(mN, mass(glass.N - 1))).toBeLessThan(1e-15);
      if (name === 'ka3' || name === 'ka2' || name === 'heavy') {
        const e = relative(mechanicalState(glass).energyPerParticle, pe);
        console.log(`LAMMPS read_data of our ${name} export: U/N agrees to ${e.toExponential(1)}`);
        expect(e).toBeLessThan(TOLERANCE);
      }
    }
    expect(printed.HEAVY[4]).toBe(String(heavy.masses![heavy.N - 1]));
  });
});

describe('the shared KA fixtures with their own input scripts', () => {
  // LAMMPS's numbers, from test/fixtures/README.md (../shared/fixtures).
  const expected = {
    ka3d_N1000: { pe: -7.5355292133249216, press: -0.57230685477844101 },
    ka2d_N1024: { pe: -3.5424653415357867, press: 4.6174538344395302 },
  };
  for (const [name, lammps] of Object.entries(expected)) {
    it(`${name}: U/N and pressure are LAMMPS's to 1e-10`, () => {
      const script = readLammpsScript(readFileSync(join(FIXTURES, `${name}.lammps.in`), 'utf8'), `${name}.lammps.in`);
      const { glass } = readGlass(readFileSync(join(FIXTURES, `${name}.data`), 'utf8'), `${name}.data`, {
        lammps: script,
      });
      const s = mechanicalState(glass);
      const e = relative(s.energyPerParticle, lammps.pe);
      const p = relative(s.pressure, lammps.press);
      console.log(
        `${name}: U/N ${s.energyPerParticle} (LAMMPS ${lammps.pe}, ${e.toExponential(1)}), p ${s.pressure} (${p.toExponential(1)})`,
      );
      expect(e).toBeLessThan(TOLERANCE);
      expect(p).toBeLessThan(TOLERANCE);
      expect(s.maxForce).toBeLessThan(3e-12);
    });
  }
});
