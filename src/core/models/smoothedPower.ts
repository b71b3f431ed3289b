/**
 * The smoothed inverse-power pair potential of physics.md §1.1 in the reduced variable
 * x = r/λ: φ(x) = x^-n + c0 + c2 x² + c4 x⁴ + c6 x⁶ for x < xc, else 0, with the c's chosen
 * so that φ, φ', φ'' and φ''' vanish at xc.
 */
export interface SmoothedPower {
  n: number;
  xc: number;
  c0: number;
  c2: number;
  c4: number;
  c6: number;
}

export function smoothedPower(n: number, xc: number): SmoothedPower {
  return {
    n,
    xc,
    c0: (-(n + 2) * (n + 4) * (n + 6)) / 48 / xc ** n,
    c2: (n * (n + 4) * (n + 6)) / 16 / xc ** (n + 2),
    c4: (-n * (n + 2) * (n + 6)) / 16 / xc ** (n + 4),
    c6: (n * (n + 2) * (n + 4)) / 48 / xc ** (n + 6),
  };
}

/** φ and φ'(r)/r from r², λ. Exponent n must be even (x^-n = (x²)^(-n/2)). */
export function smoothedPowerPhiDphi(p: SmoothedPower, r2: number, lambda: number, out: Float64Array): void {
  const il2 = 1 / (lambda * lambda);
  const x2 = r2 * il2;
  const ix2 = 1 / x2;
  // (x²)^(-n/2) by repeated multiplication: Math.pow dominates the pair loop otherwise.
  let xn = ix2;
  for (let k = p.n >> 1; k > 1; k--) xn *= ix2;
  out[0] = xn + p.c0 + x2 * (p.c2 + x2 * (p.c4 + x2 * p.c6));
  // (dφ/dx)/x, then φ'(r)/r = (dφ/dx)/(x λ²)
  out[1] = (-p.n * xn * ix2 + 2 * p.c2 + x2 * (4 * p.c4 + x2 * 6 * p.c6)) * il2;
}

/** φ and its first four r-derivatives at r (φ^(k)(r) = λ^-k d^kφ/dx^k). */
export function smoothedPowerDerivatives(p: SmoothedPower, r: number, lambda: number, out: Float64Array): void {
  const { n, c0, c2, c4, c6 } = p;
  const il = 1 / lambda;
  const x = r * il;
  const x2 = x * x;
  const xn = x ** -n;
  const ix = 1 / x;
  out[0] = xn + c0 + x2 * (c2 + x2 * (c4 + x2 * c6));
  const d1 = -n * xn * ix + x * (2 * c2 + x2 * (4 * c4 + x2 * 6 * c6));
  const d2 = n * (n + 1) * xn * ix * ix + 2 * c2 + x2 * (12 * c4 + x2 * 30 * c6);
  const d3 = -n * (n + 1) * (n + 2) * xn * ix * ix * ix + x * (24 * c4 + x2 * 120 * c6);
  const d4 = n * (n + 1) * (n + 2) * (n + 3) * xn * ix * ix * ix * ix + 24 * c4 + x2 * 360 * c6;
  out[1] = d1 * il;
  out[2] = d2 * il * il;
  out[3] = d3 * il * il * il;
  out[4] = d4 * il * il * il * il;
}
