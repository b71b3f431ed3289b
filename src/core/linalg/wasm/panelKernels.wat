;; The numeric phase of the supernodal Cholesky (supernodal.ts) in WebAssembly with 128-bit
;; SIMD: the dense panel kernels (two doubles per instruction and no bounds checks, ~3.7× the
;; scalar JavaScript of the same loops) and the drivers that walk the sparse structure over
;; them (factor, solve). supernodalKernels.ts keeps JavaScript versions of both as the reference
;; and fallback; the tests check that both give the same factor and solves.
;;
;; Addresses are computed inline rather than by small helper functions: V8 in Node 20 does not
;; inline calls between WebAssembly functions (see ordering.wat for what that cost there).
;;
;; Build: `npm run build:wasm` (scripts/build-wasm.mjs) turns this file into panelKernels.ts.
;;
;; Memory (imported, one per factorization) holds, at byte offsets set once by `layout`:
;;   Lx       the panels, f64, row-major (element indices below are into Lx)
;;   inv      1 / L_jj per unknown, f64
;;   below    unknown of each panel row below the diagonal block, i32
;;   rowDest  element index in Lx of each update row (subtractProducts), i32
;;   colDest  column offset of each update column (subtractProducts), i32
;;   w        two right-hand sides interleaved per unknown, f64x2 (the solves)
;;   scratch  8 f64 results of tile42
;; and, set once by `structure`, the sparse structure the drivers (factor, solve) walk, i32:
;;   superStart, rowPtr, rows, valuePtr   supernodes, their row lists and panel offsets
;;   superOf                              supernode of each (permuted) particle
;;   order, pinv, aPtr, aCol, aVal        the particle ordering and A in block rows (aVal f64)
;;   local, head, next, nextRow           the factorization's work arrays
;;   productIn, productOut                x and A·x of `multiply`, the two vectors of solvePair, f64
(module
  (import "env" "memory" (memory 1))
  (global $lx (mut i32) (i32.const 0))
  (global $inv (mut i32) (i32.const 0))
  (global $below (mut i32) (i32.const 0))
  (global $rowDest (mut i32) (i32.const 0))
  (global $colDest (mut i32) (i32.const 0))
  (global $w (mut i32) (i32.const 0))
  (global $scratch (mut i32) (i32.const 0))
  (global $d (mut i32) (i32.const 0))
  (global $nSuper (mut i32) (i32.const 0))
  (global $particles (mut i32) (i32.const 0))
  (global $superStart (mut i32) (i32.const 0))
  (global $rowPtr (mut i32) (i32.const 0))
  (global $rows (mut i32) (i32.const 0))
  (global $valuePtr (mut i32) (i32.const 0))
  (global $superOf (mut i32) (i32.const 0))
  (global $order (mut i32) (i32.const 0))
  (global $pinv (mut i32) (i32.const 0))
  (global $aPtr (mut i32) (i32.const 0))
  (global $aCol (mut i32) (i32.const 0))
  (global $aVal (mut i32) (i32.const 0))
  (global $local (mut i32) (i32.const 0))
  (global $head (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 0))
  (global $nextRow (mut i32) (i32.const 0))

  (func (export "layout")
    (param $lx i32) (param $inv i32) (param $below i32) (param $rowDest i32) (param $colDest i32)
    (param $w i32) (param $scratch i32)
    (global.set $lx (local.get $lx))
    (global.set $inv (local.get $inv))
    (global.set $below (local.get $below))
    (global.set $rowDest (local.get $rowDest))
    (global.set $colDest (local.get $colDest))
    (global.set $w (local.get $w))
    (global.set $scratch (local.get $scratch)))

  ;; Σ_c a[c]·b[c] over len doubles at byte addresses a, b.
  (func $dot (param $a i32) (param $b i32) (param $len i32) (result f64)
    (local $off i32) (local $end i32) (local $s0 v128) (local $s1 v128) (local $sum f64)
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $off)))
                     (v128.load (i32.add (local.get $b) (local.get $off))))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load offset=16 (i32.add (local.get $a) (local.get $off)))
                     (v128.load offset=16 (i32.add (local.get $b) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 32)))
        (br $next)))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (local.set $end (i32.shl (local.get $len) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $sum (f64.add (local.get $sum)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $off)))
                   (f64.load (i32.add (local.get $b) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 8)))
        (br $next)))
    (local.get $sum))

  ;; The eight dot products of rows a, a+stride, a+2·stride, a+3·stride with rows b0 and b1
  ;; (len doubles each) into scratch, ordered (a0·b0, a0·b1, a1·b0, a1·b1, …).
  (func $tile42 (param $a0 i32) (param $stride i32) (param $b0 i32) (param $b1 i32) (param $len i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $off i32) (local $end i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $t0 f64) (local $t1 f64) (local $u0 f64) (local $u1 f64) (local $u2 f64) (local $u3 f64)
    (local.set $a1 (i32.add (local.get $a0) (local.get $stride)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $stride)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $stride)))
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $off))))
        (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $off))))
        (local.set $x (v128.load (i32.add (local.get $a0) (local.get $off))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load (i32.add (local.get $a1) (local.get $off))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load (i32.add (local.get $a2) (local.get $off))))
        (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load (i32.add (local.get $a3) (local.get $off))))
        (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $next)))
    ;; An odd length leaves one product per sum.
    (if (i32.and (local.get $len) (i32.const 1))
      (then
        (local.set $t0 (f64.load (i32.add (local.get $b0) (local.get $end))))
        (local.set $t1 (f64.load (i32.add (local.get $b1) (local.get $end))))
        (local.set $u0 (f64.load (i32.add (local.get $a0) (local.get $end))))
        (local.set $u1 (f64.load (i32.add (local.get $a1) (local.get $end))))
        (local.set $u2 (f64.load (i32.add (local.get $a2) (local.get $end))))
        (local.set $u3 (f64.load (i32.add (local.get $a3) (local.get $end))))))
    (f64.store offset=0 (global.get $scratch) (f64.add (f64.mul (local.get $u0) (local.get $t0))
      (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00)))))
    (f64.store offset=8 (global.get $scratch) (f64.add (f64.mul (local.get $u0) (local.get $t1))
      (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01)))))
    (f64.store offset=16 (global.get $scratch) (f64.add (f64.mul (local.get $u1) (local.get $t0))
      (f64.add (f64x2.extract_lane 0 (local.get $s10)) (f64x2.extract_lane 1 (local.get $s10)))))
    (f64.store offset=24 (global.get $scratch) (f64.add (f64.mul (local.get $u1) (local.get $t1))
      (f64.add (f64x2.extract_lane 0 (local.get $s11)) (f64x2.extract_lane 1 (local.get $s11)))))
    (f64.store offset=32 (global.get $scratch) (f64.add (f64.mul (local.get $u2) (local.get $t0))
      (f64.add (f64x2.extract_lane 0 (local.get $s20)) (f64x2.extract_lane 1 (local.get $s20)))))
    (f64.store offset=40 (global.get $scratch) (f64.add (f64.mul (local.get $u2) (local.get $t1))
      (f64.add (f64x2.extract_lane 0 (local.get $s21)) (f64x2.extract_lane 1 (local.get $s21)))))
    (f64.store offset=48 (global.get $scratch) (f64.add (f64.mul (local.get $u3) (local.get $t0))
      (f64.add (f64x2.extract_lane 0 (local.get $s30)) (f64x2.extract_lane 1 (local.get $s30)))))
    (f64.store offset=56 (global.get $scratch) (f64.add (f64.mul (local.get $u3) (local.get $t1))
      (f64.add (f64x2.extract_lane 0 (local.get $s31)) (f64x2.extract_lane 1 (local.get $s31))))))

  ;; Lx[at] −= value.
  (func $subtract (param $at i32) (param $value f64)
    (f64.store (local.get $at) (f64.sub (f64.load (local.get $at)) (local.get $value))))

  ;; Lx[rowDest[i] + colDest[j]] −= Σ_c P[i][c]·P[j][c] for update rows i ≥ j (j < w, i < m),
  ;; P the m × width rows of a finished panel from element `source` (supernodal.ts
  ;; subtractProducts).
  (func $subtractProducts (export "subtractProducts") (param $source i32) (param $width i32) (param $m i32) (param $w i32)
    (local $rowBytes i32) (local $src i32) (local $i i32) (local $j i32) (local $r i32)
    (local $b0 i32) (local $b1 i32) (local $c0 i32) (local $c1 i32) (local $a i32) (local $dest i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 3)))
    (local.set $src (i32.add (global.get $lx) (i32.shl (local.get $source) (i32.const 3))))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $w)))
        (local.set $b0 (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
        (local.set $c0 (i32.load (i32.add (global.get $colDest) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $c1 (i32.load offset=4 (i32.add (global.get $colDest) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $i (local.get $j))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $m)))
            (call $tile42 (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes)))
              (local.get $rowBytes) (local.get $b0) (local.get $b1) (local.get $width))
            (local.set $r (i32.const 0))
            (loop $rows
              (local.set $dest (i32.load (i32.add (global.get $rowDest)
                (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 2)))))
              (local.set $a (i32.add (global.get $lx) (i32.shl (i32.add (local.get $dest) (local.get $c0)) (i32.const 3))))
              (f64.store (local.get $a) (f64.sub (f64.load (local.get $a))
                (f64.load (i32.add (global.get $scratch) (i32.shl (local.get $r) (i32.const 4))))))
              (local.set $a (i32.add (global.get $lx) (i32.shl (i32.add (local.get $dest) (local.get $c1)) (i32.const 3))))
              (f64.store (local.get $a) (f64.sub (f64.load (local.get $a))
                (f64.load offset=8 (i32.add (global.get $scratch) (i32.shl (local.get $r) (i32.const 4))))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rows (i32.lt_s (local.get $r) (i32.const 4))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $quads)))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $a (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $dest (i32.load (i32.add (global.get $rowDest) (i32.shl (local.get $i) (i32.const 2)))))
            (call $subtract (i32.add (global.get $lx) (i32.shl (i32.add (local.get $dest) (local.get $c0)) (i32.const 3)))
              (call $dot (local.get $a) (local.get $b0) (local.get $width)))
            (call $subtract (i32.add (global.get $lx) (i32.shl (i32.add (local.get $dest) (local.get $c1)) (i32.const 3)))
              (call $dot (local.get $a) (local.get $b1) (local.get $width)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rest)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $columns)))
    ;; An odd last column (3D panels).
    (if (i32.lt_s (local.get $j) (local.get $w))
      (then
        (local.set $b0 (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $c0 (i32.load (i32.add (global.get $colDest) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $i (local.get $j))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $dest (i32.load (i32.add (global.get $rowDest) (i32.shl (local.get $i) (i32.const 2)))))
            (call $subtract (i32.add (global.get $lx) (i32.shl (i32.add (local.get $dest) (local.get $c0)) (i32.const 3)))
              (call $dot (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes)))
                (local.get $b0) (local.get $width)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rest))))))

  ;; True for a finite positive pivot.
  (func $positive (param $x f64) (result i32)
    (i32.and (f64.gt (local.get $x) (f64.const 0)) (f64.lt (local.get $x) (f64.const inf))))

  ;; Dense left-looking Cholesky of one panel in place (supernodal.ts factorPanel): columns in
  ;; pairs, rows below in fours through tile42. Returns 0 on a pivot that is not positive.
  (func $factorPanel (export "factorPanel") (param $base i32) (param $width i32) (param $height i32) (param $unknown i32)
    (result i32)
    (local $rowBytes i32) (local $p i32) (local $j i32) (local $i i32) (local $r i32)
    (local $rj i32) (local $rk i32) (local $ri i32)
    (local $pivot f64) (local $diagonal f64) (local $invJ f64) (local $invK f64) (local $lkj f64) (local $s0 f64)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 3)))
    (local.set $p (i32.add (global.get $lx) (i32.shl (local.get $base) (i32.const 3))))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $width)))
        (local.set $rj (i32.add (local.get $p) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $rk (i32.add (local.get $rj) (local.get $rowBytes)))
        ;; Pivot j, entry (j + 1, j), pivot j + 1.
        (local.set $pivot (f64.sub (f64.load (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))))
          (call $dot (local.get $rj) (local.get $rj) (local.get $j))))
        (if (i32.eqz (call $positive (local.get $pivot))) (then (return (i32.const 0))))
        (local.set $diagonal (f64.sqrt (local.get $pivot)))
        (local.set $invJ (f64.div (f64.const 1) (local.get $diagonal)))
        (f64.store (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))) (local.get $diagonal))
        (f64.store (i32.add (global.get $inv) (i32.shl (i32.add (local.get $unknown) (local.get $j)) (i32.const 3)))
          (local.get $invJ))
        (local.set $lkj (f64.mul (local.get $invJ)
          (f64.sub (f64.load (i32.add (local.get $rk) (i32.shl (local.get $j) (i32.const 3))))
            (call $dot (local.get $rk) (local.get $rj) (local.get $j)))))
        (f64.store (i32.add (local.get $rk) (i32.shl (local.get $j) (i32.const 3))) (local.get $lkj))
        (local.set $pivot (f64.sub
          (f64.sub (f64.load offset=8 (i32.add (local.get $rk) (i32.shl (local.get $j) (i32.const 3))))
            (f64.mul (local.get $lkj) (local.get $lkj)))
          (call $dot (local.get $rk) (local.get $rk) (local.get $j))))
        (if (i32.eqz (call $positive (local.get $pivot))) (then (return (i32.const 0))))
        (local.set $diagonal (f64.sqrt (local.get $pivot)))
        (local.set $invK (f64.div (f64.const 1) (local.get $diagonal)))
        (f64.store offset=8 (i32.add (local.get $rk) (i32.shl (local.get $j) (i32.const 3))) (local.get $diagonal))
        (f64.store offset=8 (i32.add (global.get $inv) (i32.shl (i32.add (local.get $unknown) (local.get $j)) (i32.const 3)))
          (local.get $invK))
        (local.set $i (i32.add (local.get $j) (i32.const 2)))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $height)))
            (call $tile42 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes)))
              (local.get $rowBytes) (local.get $rj) (local.get $rk) (local.get $j))
            (local.set $r (i32.const 0))
            (loop $rows
              (local.set $ri (i32.add
                (i32.add (local.get $p) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rowBytes)))
                (i32.shl (local.get $j) (i32.const 3))))
              (local.set $s0 (f64.mul (local.get $invJ)
                (f64.sub (f64.load (local.get $ri))
                  (f64.load (i32.add (global.get $scratch) (i32.shl (local.get $r) (i32.const 4)))))))
              (f64.store (local.get $ri) (local.get $s0))
              (f64.store offset=8 (local.get $ri) (f64.mul (local.get $invK)
                (f64.sub (f64.sub (f64.load offset=8 (local.get $ri))
                    (f64.load offset=8 (i32.add (global.get $scratch) (i32.shl (local.get $r) (i32.const 4)))))
                  (f64.mul (local.get $s0) (local.get $lkj)))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rows (i32.lt_s (local.get $r) (i32.const 4))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $quads)))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $i) (local.get $height)))
            (local.set $ri (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $s0 (f64.mul (local.get $invJ)
              (f64.sub (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
                (call $dot (local.get $ri) (local.get $rj) (local.get $j)))))
            (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))) (local.get $s0))
            (f64.store offset=8 (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))
              (f64.mul (local.get $invK)
                (f64.sub
                  (f64.sub (f64.load offset=8 (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
                    (call $dot (local.get $ri) (local.get $rk) (local.get $j)))
                  (f64.mul (local.get $s0) (local.get $lkj)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rest)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    ;; An odd last column.
    (if (i32.lt_s (local.get $j) (local.get $width))
      (then
        (local.set $rj (i32.add (local.get $p) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $pivot (f64.sub (f64.load (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))))
          (call $dot (local.get $rj) (local.get $rj) (local.get $j))))
        (if (i32.eqz (call $positive (local.get $pivot))) (then (return (i32.const 0))))
        (local.set $diagonal (f64.sqrt (local.get $pivot)))
        (local.set $invJ (f64.div (f64.const 1) (local.get $diagonal)))
        (f64.store (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))) (local.get $diagonal))
        (f64.store (i32.add (global.get $inv) (i32.shl (i32.add (local.get $unknown) (local.get $j)) (i32.const 3)))
          (local.get $invJ))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $i) (local.get $height)))
            (local.set $ri (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
            (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))
              (f64.mul (local.get $invJ)
                (f64.sub (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
                  (call $dot (local.get $ri) (local.get $rj) (local.get $j)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rest)))))
    (i32.const 1))

  ;; Forward substitution through one panel on both right-hand sides (lanes of w): the
  ;; triangle, then w[below] −= L₂₁·x over the rows below, four at a time. `targets` is the
  ;; index into `below` of the panel's row 0 (rows below the triangle start at `width`).
  (func $forwardPanel (export "forwardPanel") (param $base i32) (param $width i32) (param $height i32) (param $first i32)
    (param $targets i32)
    (local $rowBytes i32) (local $p i32) (local $x i32) (local $i i32) (local $c i32) (local $ri i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $off i32) (local $end i32)
    (local $acc v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $v v128)
    (local $t i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 3)))
    (local.set $p (i32.add (global.get $lx) (i32.shl (local.get $base) (i32.const 3))))
    (local.set $x (i32.add (global.get $w) (i32.shl (local.get $first) (i32.const 4))))
    ;; Triangle, two rows at a time (two dependency chains, each x loaded once for both); an
    ;; odd first row alone.
    (if (i32.and (local.get $width) (i32.const 1))
      (then
        (v128.store (local.get $x) (f64x2.mul (v128.load (local.get $x))
          (v128.load64_splat (i32.add (global.get $inv) (i32.shl (local.get $first) (i32.const 3))))))
        (local.set $i (i32.const 1))))
    (block $triangleDone
      (loop $triangle
        (br_if $triangleDone (i32.ge_s (local.get $i) (local.get $width)))
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $a0 (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $a1 (v128.load offset=16 (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $off (i32.const 0))
        (local.set $end (i32.shl (local.get $i) (i32.const 3)))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $off) (i32.const 1)))))
            (local.set $a0 (f64x2.sub (local.get $a0)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (local.get $off))) (local.get $v))))
            (local.set $a1 (f64x2.sub (local.get $a1)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r1) (local.get $off))) (local.get $v))))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (br $dot)))
        ;; x_i, then row i + 1's term in x_i, then x_{i+1}.
        (local.set $a0 (f64x2.mul (local.get $a0) (v128.load64_splat
          (i32.add (global.get $inv) (i32.shl (i32.add (local.get $first) (local.get $i)) (i32.const 3))))))
        (local.set $a1 (f64x2.sub (local.get $a1)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $r1) (local.get $end))) (local.get $a0))))
        (local.set $a1 (f64x2.mul (local.get $a1) (v128.load64_splat offset=8
          (i32.add (global.get $inv) (i32.shl (i32.add (local.get $first) (local.get $i)) (i32.const 3))))))
        (v128.store (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 4))) (local.get $a0))
        (v128.store offset=16 (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 4))) (local.get $a1))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $triangle)))
    ;; Rows below, four at a time.
    (local.set $end (i32.shl (local.get $width) (i32.const 3)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $height)))
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $off) (i32.const 1)))))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (local.get $off))) (local.get $v))))
            (local.set $a1 (f64x2.add (local.get $a1)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r1) (local.get $off))) (local.get $v))))
            (local.set $a2 (f64x2.add (local.get $a2)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r2) (local.get $off))) (local.get $v))))
            (local.set $a3 (f64x2.add (local.get $a3)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r3) (local.get $off))) (local.get $v))))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (br $dot)))
        (local.set $t (i32.add (global.get $w) (i32.shl (i32.load (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4))))
        (v128.store (local.get $t) (f64x2.sub (v128.load (local.get $t)) (local.get $a0)))
        (local.set $t (i32.add (global.get $w) (i32.shl (i32.load offset=4 (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4))))
        (v128.store (local.get $t) (f64x2.sub (v128.load (local.get $t)) (local.get $a1)))
        (local.set $t (i32.add (global.get $w) (i32.shl (i32.load offset=8 (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4))))
        (v128.store (local.get $t) (f64x2.sub (v128.load (local.get $t)) (local.get $a2)))
        (local.set $t (i32.add (global.get $w) (i32.shl (i32.load offset=12 (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4))))
        (v128.store (local.get $t) (f64x2.sub (v128.load (local.get $t)) (local.get $a3)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_s (local.get $i) (local.get $height)))
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (local.get $off)))
                (v128.load (i32.add (local.get $x) (i32.shl (local.get $off) (i32.const 1)))))))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (br $dot)))
        (local.set $t (i32.add (global.get $w) (i32.shl (i32.load (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4))))
        (v128.store (local.get $t) (f64x2.sub (v128.load (local.get $t)) (local.get $a0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest))))

  ;; Backward substitution through one panel (the transpose of forwardPanel): x −= L₂₁ᵀ·w[below]
  ;; over the rows below, four at a time, then the transposed triangle.
  (func $backwardPanel (export "backwardPanel") (param $base i32) (param $width i32) (param $height i32) (param $first i32)
    (param $targets i32)
    (local $rowBytes i32) (local $p i32) (local $x i32) (local $i i32) (local $c i32) (local $ri i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $off i32) (local $end i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $xi v128) (local $at i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 3)))
    (local.set $p (i32.add (global.get $lx) (i32.shl (local.get $base) (i32.const 3))))
    (local.set $x (i32.add (global.get $w) (i32.shl (local.get $first) (i32.const 4))))
    (local.set $end (i32.shl (local.get $width) (i32.const 3)))
    (local.set $i (local.get $width))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $height)))
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $t0 (v128.load (i32.add (global.get $w) (i32.shl (i32.load (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4)))))
        (local.set $t1 (v128.load (i32.add (global.get $w) (i32.shl (i32.load offset=4 (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4)))))
        (local.set $t2 (v128.load (i32.add (global.get $w) (i32.shl (i32.load offset=8 (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4)))))
        (local.set $t3 (v128.load (i32.add (global.get $w) (i32.shl (i32.load offset=12 (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4)))))
        (local.set $off (i32.const 0))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $at (i32.add (local.get $x) (i32.shl (local.get $off) (i32.const 1))))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.add
                (f64x2.add
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (local.get $off))) (local.get $t0))
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $r1) (local.get $off))) (local.get $t1)))
                (f64x2.add
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $r2) (local.get $off))) (local.get $t2))
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $r3) (local.get $off))) (local.get $t3))))))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (br $columns)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_s (local.get $i) (local.get $height)))
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $t0 (v128.load (i32.add (global.get $w) (i32.shl (i32.load (i32.add (global.get $below)
          (i32.shl (i32.add (local.get $targets) (local.get $i)) (i32.const 2)))) (i32.const 4)))))
        (local.set $off (i32.const 0))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $at (i32.add (local.get $x) (i32.shl (local.get $off) (i32.const 1))))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (local.get $off))) (local.get $t0))))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (br $columns)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest)))
    ;; Transposed triangle, last rows first, two at a time: x_i /= L_ii, x_{i-1} = (x_{i-1} −
    ;; L_{i,i-1}·x_i) / L_{i-1,i-1}, then x_c −= L_ic·x_i + L_{i-1,c}·x_{i-1} for c < i − 1. An odd
    ;; last row goes alone first.
    (local.set $i (local.get $width))
    (if (i32.and (local.get $width) (i32.const 1))
      (then
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (local.set $at (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $t0 (f64x2.mul (v128.load (local.get $at)) (v128.load64_splat
          (i32.add (global.get $inv) (i32.shl (i32.add (local.get $first) (local.get $i)) (i32.const 3))))))
        (v128.store (local.get $at) (local.get $t0))
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $c (i32.const 0))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_s (local.get $c) (local.get $i)))
            (local.set $at (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 4))))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (i32.shl (local.get $c) (i32.const 3))))
                (local.get $t0))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $columns)))))
    (block $triangleDone
      (loop $triangle
        (br_if $triangleDone (i32.le_s (local.get $i) (i32.const 0)))
        (local.set $i (i32.sub (local.get $i) (i32.const 2)))
        ;; Rows i (r0) and i + 1 (r1).
        (local.set $r0 (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $at (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $t1 (f64x2.mul (v128.load offset=16 (local.get $at)) (v128.load64_splat offset=8
          (i32.add (global.get $inv) (i32.shl (i32.add (local.get $first) (local.get $i)) (i32.const 3))))))
        (local.set $t0 (f64x2.mul
          (f64x2.sub (v128.load (local.get $at))
            (f64x2.mul (v128.load64_splat (i32.add (local.get $r1) (i32.shl (local.get $i) (i32.const 3))))
              (local.get $t1)))
          (v128.load64_splat
            (i32.add (global.get $inv) (i32.shl (i32.add (local.get $first) (local.get $i)) (i32.const 3))))))
        (v128.store (local.get $at) (local.get $t0))
        (v128.store offset=16 (local.get $at) (local.get $t1))
        (local.set $off (i32.const 0))
        (local.set $end (i32.shl (local.get $i) (i32.const 3)))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $at (i32.add (local.get $x) (i32.shl (local.get $off) (i32.const 1))))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.add
                (f64x2.mul (v128.load64_splat (i32.add (local.get $r0) (local.get $off))) (local.get $t0))
                (f64x2.mul (v128.load64_splat (i32.add (local.get $r1) (local.get $off))) (local.get $t1)))))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (br $columns)))
        (br $triangle))))

  (func (export "structure")
    (param $d i32) (param $particles i32) (param $nSuper i32) (param $superStart i32) (param $rowPtr i32) (param $rows i32)
    (param $valuePtr i32) (param $superOf i32) (param $order i32) (param $pinv i32) (param $aPtr i32)
    (param $aCol i32) (param $aVal i32) (param $local i32) (param $head i32) (param $next i32)
    (param $nextRow i32)
    (global.set $d (local.get $d))
    (global.set $particles (local.get $particles))
    (global.set $nSuper (local.get $nSuper))
    (global.set $superStart (local.get $superStart))
    (global.set $rowPtr (local.get $rowPtr))
    (global.set $rows (local.get $rows))
    (global.set $valuePtr (local.get $valuePtr))
    (global.set $superOf (local.get $superOf))
    (global.set $order (local.get $order))
    (global.set $pinv (local.get $pinv))
    (global.set $aPtr (local.get $aPtr))
    (global.set $aCol (local.get $aCol))
    (global.set $aVal (local.get $aVal))
    (global.set $local (local.get $local))
    (global.set $head (local.get $head))
    (global.set $next (local.get $next))
    (global.set $nextRow (local.get $nextRow)))


  ;; Queues finished supernode k on the supernode holding its row `position` (if any): the
  ;; left-looking lists of supernodal.ts.
  (func $link (param $k i32) (param $position i32)
    (local $start i32) (local $target i32)
    (local.set $start (i32.load (i32.add (global.get $rowPtr) (i32.shl (local.get $k) (i32.const 2)))))
    (if (i32.ge_s (local.get $position)
          (i32.sub (i32.load (i32.add (global.get $rowPtr) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2)))) (local.get $start)))
      (then (return)))
    (local.set $target (i32.load (i32.add (global.get $superOf) (i32.shl (i32.load (i32.add (global.get $rows) (i32.shl (i32.add (local.get $start) (local.get $position)) (i32.const 2)))) (i32.const 2)))))
    (i32.store (i32.add (global.get $nextRow) (i32.shl (local.get $k) (i32.const 2))) (local.get $position))
    (i32.store (i32.add (global.get $next) (i32.shl (local.get $k) (i32.const 2))) (i32.load (i32.add (global.get $head) (i32.shl (local.get $target) (i32.const 2)))))
    (i32.store (i32.add (global.get $head) (i32.shl (local.get $target) (i32.const 2))) (local.get $k)))

  ;; Factorizes supernodes from s until about `budget` multiply-adds were done (the loop of
  ;; supernodal.ts, which the JavaScript twin in supernodalKernels.ts repeats): the columns of
  ;; A + shift·I into the panel, the updates from every earlier supernode queued on it, the
  ;; panel's dense Cholesky. Returns the next supernode, or −1 − s when panel s had a pivot that
  ;; is not positive.
  (func (export "factor") (param $s i32) (param $budget f64) (param $shift f64) (result i32)
    (local $done f64) (local $dd i32) (local $first i32) (local $end i32) (local $width i32)
    (local $r0 i32) (local $r1 i32) (local $height i32) (local $base i32) (local $t i32)
    (local $c i32) (local $old i32) (local $column i32) (local $p i32) (local $pEnd i32) (local $r i32)
    (local $row i32) (local $src i32) (local $a i32) (local $b i32) (local $at i32)
    (local $k i32) (local $following i32) (local $kr0 i32) (local $kCount i32) (local $from i32) (local $to i32)
    (local $m i32) (local $w i32) (local $particle i32) (local $i i32) (local $kWidth i32)
    (local.set $dd (i32.mul (global.get $d) (global.get $d)))
    (block $stop
      (loop $supernode
        (br_if $stop (i32.ge_s (local.get $s) (global.get $nSuper)))
        (br_if $stop (f64.ge (local.get $done) (local.get $budget)))
        (local.set $first (i32.load (i32.add (global.get $superStart) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (global.get $superStart) (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 2)))))
        (local.set $width (i32.mul (i32.sub (local.get $end) (local.get $first)) (global.get $d)))
        (local.set $r0 (i32.load (i32.add (global.get $rowPtr) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $r1 (i32.load (i32.add (global.get $rowPtr) (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 2)))))
        (local.set $height (i32.mul (i32.sub (local.get $r1) (local.get $r0)) (global.get $d)))
        (local.set $base (i32.load (i32.add (global.get $valuePtr) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $t (local.get $r0))
        (block $localDone
          (loop $localLoop
            (br_if $localDone (i32.ge_s (local.get $t) (local.get $r1)))
            (i32.store (i32.add (global.get $local) (i32.shl (i32.load (i32.add (global.get $rows) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 2))) (i32.sub (local.get $t) (local.get $r0)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $localLoop)))
        ;; Columns of A + shift·I, rows at and below the diagonal: entry (row r·d + b, column
        ;; c·d + a) = A(c·d + a, r·d + b) by symmetry.
        (local.set $c (local.get $first))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_s (local.get $c) (local.get $end)))
            (local.set $old (i32.load (i32.add (global.get $order) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $column (i32.mul (i32.sub (local.get $c) (local.get $first)) (global.get $d)))
            (local.set $p (i32.load (i32.add (global.get $aPtr) (i32.shl (local.get $old) (i32.const 2)))))
            (local.set $pEnd (i32.load (i32.add (global.get $aPtr) (i32.shl (i32.add (local.get $old) (i32.const 1)) (i32.const 2)))))
            (block $blocksDone
              (loop $blocks
                (br_if $blocksDone (i32.ge_s (local.get $p) (local.get $pEnd)))
                (local.set $r (i32.load (i32.add (global.get $pinv) (i32.shl (i32.load (i32.add (global.get $aCol) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 2)))))
                (if (i32.ge_s (local.get $r) (local.get $c))
                  (then
                    (local.set $row (i32.add (local.get $base) (i32.add
                      (i32.mul (i32.mul (i32.load (i32.add (global.get $local) (i32.shl (local.get $r) (i32.const 2)))) (global.get $d)) (local.get $width))
                      (local.get $column))))
                    (local.set $src (i32.add (global.get $aVal) (i32.shl (i32.mul (local.get $p) (local.get $dd)) (i32.const 3))))
                    (local.set $a (i32.const 0))
                    (loop $aLoop
                      (local.set $b (i32.const 0))
                      (loop $bLoop
                        (local.set $at (i32.add (global.get $lx) (i32.shl (i32.add (local.get $row)
                          (i32.add (i32.mul (local.get $b) (local.get $width)) (local.get $a))) (i32.const 3))))
                        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                          (f64.load (i32.add (local.get $src)
                            (i32.shl (i32.add (i32.mul (local.get $a) (global.get $d)) (local.get $b)) (i32.const 3))))))
                        (local.set $b (i32.add (local.get $b) (i32.const 1)))
                        (br_if $bLoop (i32.lt_s (local.get $b) (global.get $d))))
                      (local.set $a (i32.add (local.get $a) (i32.const 1)))
                      (br_if $aLoop (i32.lt_s (local.get $a) (global.get $d))))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $blocks)))
            (local.set $a (i32.const 0))
            (loop $shiftLoop
              (local.set $at (i32.add (global.get $lx) (i32.shl (i32.add (local.get $base) (i32.add (i32.add
                (i32.mul (i32.mul (i32.load (i32.add (global.get $local) (i32.shl (local.get $c) (i32.const 2)))) (global.get $d)) (local.get $width))
                (i32.mul (local.get $a) (local.get $width)))
                (i32.add (local.get $column) (local.get $a)))) (i32.const 3))))
              (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $shift)))
              (local.set $a (i32.add (local.get $a) (i32.const 1)))
              (br_if $shiftLoop (i32.lt_s (local.get $a) (global.get $d))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $columns)))
        ;; Updates from every earlier supernode whose structure reaches these columns.
        (local.set $k (i32.load (i32.add (global.get $head) (i32.shl (local.get $s) (i32.const 2)))))
        (block $updatesDone
          (loop $updates
            (br_if $updatesDone (i32.eq (local.get $k) (i32.const -1)))
            (local.set $following (i32.load (i32.add (global.get $next) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $kr0 (i32.load (i32.add (global.get $rowPtr) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $kCount (i32.sub (i32.load (i32.add (global.get $rowPtr) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2))))
              (local.get $kr0)))
            (local.set $from (i32.load (i32.add (global.get $nextRow) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $to (local.get $from))
            (block $toDone
              (loop $toLoop
                (br_if $toDone (i32.ge_s (local.get $to) (local.get $kCount)))
                (br_if $toDone (i32.ge_s (i32.load (i32.add (global.get $rows) (i32.shl (i32.add (local.get $kr0) (local.get $to)) (i32.const 2))))
                  (local.get $end)))
                (local.set $to (i32.add (local.get $to) (i32.const 1)))
                (br $toLoop)))
            (local.set $m (i32.mul (i32.sub (local.get $kCount) (local.get $from)) (global.get $d)))
            (local.set $w (i32.mul (i32.sub (local.get $to) (local.get $from)) (global.get $d)))
            (local.set $t (local.get $from))
            (block $destDone
              (loop $dest
                (br_if $destDone (i32.ge_s (local.get $t) (local.get $kCount)))
                (local.set $particle (i32.load (i32.add (global.get $rows) (i32.shl (i32.add (local.get $kr0) (local.get $t)) (i32.const 2)))))
                (local.set $a (i32.const 0))
                (loop $aLoop
                  (local.set $i (i32.add (i32.mul (i32.sub (local.get $t) (local.get $from)) (global.get $d)) (local.get $a)))
                  (i32.store (i32.add (global.get $rowDest) (i32.shl (local.get $i) (i32.const 2))) (i32.add (local.get $base) (i32.mul
                    (i32.add (i32.mul (i32.load (i32.add (global.get $local) (i32.shl (local.get $particle) (i32.const 2)))) (global.get $d)) (local.get $a))
                    (local.get $width))))
                  (if (i32.lt_s (local.get $t) (local.get $to))
                    (then (i32.store (i32.add (global.get $colDest) (i32.shl (local.get $i) (i32.const 2))) (i32.add (i32.mul (i32.sub (local.get $particle) (local.get $first)) (global.get $d)) (local.get $a)))))
                  (local.set $a (i32.add (local.get $a) (i32.const 1)))
                  (br_if $aLoop (i32.lt_s (local.get $a) (global.get $d))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $dest)))
            (local.set $kWidth (i32.mul (i32.sub (i32.load (i32.add (global.get $superStart) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2))))
              (i32.load (i32.add (global.get $superStart) (i32.shl (local.get $k) (i32.const 2))))) (global.get $d)))
            (call $subtractProducts
              (i32.add (i32.load (i32.add (global.get $valuePtr) (i32.shl (local.get $k) (i32.const 2))))
                (i32.mul (i32.mul (local.get $from) (global.get $d)) (local.get $kWidth)))
              (local.get $kWidth) (local.get $m) (local.get $w))
            (local.set $done (f64.add (local.get $done)
              (f64.mul (f64.convert_i32_s (i32.mul (local.get $m) (local.get $w))) (f64.convert_i32_s (local.get $kWidth)))))
            (call $link (local.get $k) (local.get $to))
            (local.set $k (local.get $following))
            (br $updates)))
        (if (i32.eqz (call $factorPanel (local.get $base) (local.get $width) (local.get $height)
              (i32.mul (local.get $first) (global.get $d))))
          (then (return (i32.sub (i32.const -1) (local.get $s)))))
        (local.set $done (f64.add (local.get $done) (f64.mul (f64.const 0.5)
          (f64.mul (f64.convert_i32_s (local.get $height))
            (f64.convert_i32_s (i32.mul (local.get $width) (local.get $width)))))))
        (call $link (local.get $s) (i32.sub (local.get $end) (local.get $first)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $supernode)))
    (local.get $s))

  ;; (u, v) = (A + shift·I)⁻¹ (u, v) for two vectors of n doubles at byte addresses u and v, in
  ;; the original order (supernodalSolve): permuted and interleaved into w, every panel forward,
  ;; then backward, and back.
  (func (export "solvePair") (param $u i32) (param $v i32)
    (call $interleave (local.get $u) (local.get $v) (i32.const 1))
    (call $sweeps)
    (call $interleave (local.get $u) (local.get $v) (i32.const 0)))

  ;; w[2(k·d + a)] and w[2(k·d + a) + 1] ⇄ u and v at order[k]·d + a: into w when `into`.
  (func $interleave (param $u i32) (param $v i32) (param $into i32)
    (local $k i32) (local $a i32) (local $o i32) (local $t i32)
    (block $done
      (loop $particles
        (br_if $done (i32.ge_s (local.get $k) (global.get $particles)))
        (local.set $o (i32.shl (i32.mul (i32.load (i32.add (global.get $order) (i32.shl (local.get $k) (i32.const 2))))
          (global.get $d)) (i32.const 3)))
        (local.set $t (i32.add (global.get $w) (i32.shl (i32.mul (local.get $k) (global.get $d)) (i32.const 4))))
        (local.set $a (i32.const 0))
        (loop $components
          (if (local.get $into)
            (then
              (f64.store (local.get $t) (f64.load (i32.add (local.get $u) (local.get $o))))
              (f64.store offset=8 (local.get $t) (f64.load (i32.add (local.get $v) (local.get $o)))))
            (else
              (f64.store (i32.add (local.get $u) (local.get $o)) (f64.load (local.get $t)))
              (f64.store (i32.add (local.get $v) (local.get $o)) (f64.load offset=8 (local.get $t)))))
          (local.set $o (i32.add (local.get $o) (i32.const 8)))
          (local.set $t (i32.add (local.get $t) (i32.const 16)))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br_if $components (i32.lt_s (local.get $a) (global.get $d))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $particles))))

  ;; Forward then backward substitution of w through every panel.
  (func $sweeps
    (local $s i32)
    (block $forwardDone
      (loop $forward
        (br_if $forwardDone (i32.ge_s (local.get $s) (global.get $nSuper)))
        (call $panelSolve (local.get $s) (i32.const 1))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $forward)))
    (block $backwardDone
      (loop $backward
        (br_if $backwardDone (i32.le_s (local.get $s) (i32.const 0)))
        (local.set $s (i32.sub (local.get $s) (i32.const 1)))
        (call $panelSolve (local.get $s) (i32.const 0))
        (br $backward))))

  ;; One panel's forward (forward ≠ 0) or backward substitution.
  (func $panelSolve (param $s i32) (param $forward i32)
    (local $first i32) (local $width i32) (local $height i32) (local $r0 i32) (local $targets i32)
    (local.set $first (i32.load (i32.add (global.get $superStart) (i32.shl (local.get $s) (i32.const 2)))))
    (local.set $width (i32.mul (i32.sub (i32.load (i32.add (global.get $superStart) (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 2))))
      (local.get $first)) (global.get $d)))
    (local.set $r0 (i32.load (i32.add (global.get $rowPtr) (i32.shl (local.get $s) (i32.const 2)))))
    (local.set $height (i32.mul (i32.sub (i32.load (i32.add (global.get $rowPtr) (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 2))))
      (local.get $r0)) (global.get $d)))
    (local.set $targets (i32.sub (i32.mul (i32.sub (local.get $r0) (local.get $first)) (global.get $d)) (local.get $width)))
    (if (local.get $forward)
      (then (call $forwardPanel (i32.load (i32.add (global.get $valuePtr) (i32.shl (local.get $s) (i32.const 2)))) (local.get $width) (local.get $height)
        (i32.mul (local.get $first) (global.get $d)) (local.get $targets)))
      (else (call $backwardPanel (i32.load (i32.add (global.get $valuePtr) (i32.shl (local.get $s) (i32.const 2)))) (local.get $width) (local.get $height)
        (i32.mul (local.get $first) (global.get $d)) (local.get $targets)))))

  ;; y = A·x for A in block rows as `structure` holds it (d = 2 or 3; x, y byte addresses of
  ;; n doubles): per block row, s_a += Σ_b A_ab·x_b block by block, the order of bcsr.ts.
  (func (export "multiply") (param $x i32) (param $y i32)
    (local $i i32) (local $p i32) (local $end i32) (local $o i32) (local $v i32)
    (local $x0 f64) (local $x1 f64) (local $x2 f64) (local $s0 f64) (local $s1 f64) (local $s2 f64)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (global.get $particles)))
        (local.set $p (i32.load (i32.add (global.get $aPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (global.get $aPtr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (local.set $s0 (f64.const 0))
        (local.set $s1 (f64.const 0))
        (local.set $s2 (f64.const 0))
        (if (i32.eq (global.get $d) (i32.const 2))
          (then
            (block $done
              (loop $blocks
                (br_if $done (i32.ge_s (local.get $p) (local.get $end)))
                (local.set $o (i32.add (local.get $x) (i32.shl (i32.load (i32.add (global.get $aCol) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 4))))
                (local.set $x0 (f64.load (local.get $o)))
                (local.set $x1 (f64.load offset=8 (local.get $o)))
                (local.set $v (i32.add (global.get $aVal) (i32.shl (local.get $p) (i32.const 5))))
                (local.set $s0 (f64.add (local.get $s0) (f64.add
                  (f64.mul (f64.load (local.get $v)) (local.get $x0))
                  (f64.mul (f64.load offset=8 (local.get $v)) (local.get $x1)))))
                (local.set $s1 (f64.add (local.get $s1) (f64.add
                  (f64.mul (f64.load offset=16 (local.get $v)) (local.get $x0))
                  (f64.mul (f64.load offset=24 (local.get $v)) (local.get $x1)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $blocks)))
            (f64.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 4))) (local.get $s0))
            (f64.store offset=8 (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 4))) (local.get $s1)))
          (else
            (block $done
              (loop $blocks
                (br_if $done (i32.ge_s (local.get $p) (local.get $end)))
                (local.set $o (i32.add (local.get $x)
                  (i32.mul (i32.load (i32.add (global.get $aCol) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 24))))
                (local.set $x0 (f64.load (local.get $o)))
                (local.set $x1 (f64.load offset=8 (local.get $o)))
                (local.set $x2 (f64.load offset=16 (local.get $o)))
                (local.set $v (i32.add (global.get $aVal) (i32.mul (local.get $p) (i32.const 72))))
                (local.set $s0 (f64.add (local.get $s0) (f64.add (f64.add
                  (f64.mul (f64.load (local.get $v)) (local.get $x0))
                  (f64.mul (f64.load offset=8 (local.get $v)) (local.get $x1)))
                  (f64.mul (f64.load offset=16 (local.get $v)) (local.get $x2)))))
                (local.set $s1 (f64.add (local.get $s1) (f64.add (f64.add
                  (f64.mul (f64.load offset=24 (local.get $v)) (local.get $x0))
                  (f64.mul (f64.load offset=32 (local.get $v)) (local.get $x1)))
                  (f64.mul (f64.load offset=40 (local.get $v)) (local.get $x2)))))
                (local.set $s2 (f64.add (local.get $s2) (f64.add (f64.add
                  (f64.mul (f64.load offset=48 (local.get $v)) (local.get $x0))
                  (f64.mul (f64.load offset=56 (local.get $v)) (local.get $x1)))
                  (f64.mul (f64.load offset=64 (local.get $v)) (local.get $x2)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $blocks)))
            (local.set $o (i32.add (local.get $y) (i32.mul (local.get $i) (i32.const 24))))
            (f64.store (local.get $o) (local.get $s0))
            (f64.store offset=8 (local.get $o) (local.get $s1))
            (f64.store offset=16 (local.get $o) (local.get $s2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
