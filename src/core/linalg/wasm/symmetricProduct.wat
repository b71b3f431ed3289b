;; y = M x for a symmetric matrix of 3×3 blocks stored as its diagonal blocks and its upper
;; block triangle (bcsr.ts SymmetricBlockCsr), in WebAssembly with 128-bit SIMD: the products
;; of the filtered Lanczos path in 3D. Each stored block B = (a0 … a8, row-major) at (i, j > i)
;; adds B x_j to y_i and Bᵀ x_i to y_j. Components 0 and 1 of a 3-vector go in one f64x2,
;; component 2 alone. bcsr.ts symmetricMatVec3 is the same loop in JavaScript (the reference
;; and the fallback). Build: npm run build:wasm.
;;
;; All pointers are byte offsets into the imported memory: diagonal (9 f64 per block row),
;; ptr (N + 1 i32), col (i32), values (9 f64 per block), x and y (3N f64 each).
(module
  (import "env" "memory" (memory 1))

  (func (export "product3")
    (param $N i32) (param $diagonal i32) (param $ptr i32) (param $col i32) (param $values i32)
    (param $x i32) (param $y i32)
    (local $i i32) (local $k i32) (local $end i32) (local $b i32) (local $d i32)
    (local $xi i32) (local $yi i32) (local $xj i32) (local $yj i32)
    (local $x01 v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x2s f64)
    (local $a01 v128) (local $a34 v128) (local $a67 v128) (local $a2 f64) (local $a5 f64) (local $a8 f64)
    (local $y01 v128) (local $y2 f64)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $t0 f64) (local $t1 f64) (local $t2 f64)
    ;; y_i = D_i x_i for every block row first: the upper blocks then add into rows below.
    (block $diagonalDone
      (loop $diagonalRows
        (br_if $diagonalDone (i32.ge_u (local.get $i) (local.get $N)))
        (local.set $d (i32.add (local.get $diagonal) (i32.mul (local.get $i) (i32.const 72))))
        (local.set $xi (i32.add (local.get $x) (i32.mul (local.get $i) (i32.const 24))))
        (local.set $yi (i32.add (local.get $y) (i32.mul (local.get $i) (i32.const 24))))
        (local.set $t0 (f64.load (local.get $xi)))
        (local.set $t1 (f64.load offset=8 (local.get $xi)))
        (local.set $t2 (f64.load offset=16 (local.get $xi)))
        (f64.store (local.get $yi) (f64.add (f64.add
          (f64.mul (f64.load (local.get $d)) (local.get $t0))
          (f64.mul (f64.load offset=8 (local.get $d)) (local.get $t1)))
          (f64.mul (f64.load offset=16 (local.get $d)) (local.get $t2))))
        (f64.store offset=8 (local.get $yi) (f64.add (f64.add
          (f64.mul (f64.load offset=24 (local.get $d)) (local.get $t0))
          (f64.mul (f64.load offset=32 (local.get $d)) (local.get $t1)))
          (f64.mul (f64.load offset=40 (local.get $d)) (local.get $t2))))
        (f64.store offset=16 (local.get $yi) (f64.add (f64.add
          (f64.mul (f64.load offset=48 (local.get $d)) (local.get $t0))
          (f64.mul (f64.load offset=56 (local.get $d)) (local.get $t1)))
          (f64.mul (f64.load offset=64 (local.get $d)) (local.get $t2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $diagonalRows)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $N)))
        (local.set $xi (i32.add (local.get $x) (i32.mul (local.get $i) (i32.const 24))))
        (local.set $x01 (v128.load (local.get $xi)))
        (local.set $x0 (v128.load64_splat (local.get $xi)))
        (local.set $x1 (v128.load64_splat offset=8 (local.get $xi)))
        (local.set $x2s (f64.load offset=16 (local.get $xi)))
        (local.set $x2 (f64x2.splat (local.get $x2s)))
        ;; Row i's sums: lanes (a0·y0, a1·y1) and so on, reduced once at the end of the row.
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0))
        (local.set $t0 (f64.const 0))
        (local.set $t1 (f64.const 0))
        (local.set $t2 (f64.const 0))
        (local.set $k (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $i) (i32.const 2)))))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $b (i32.add (local.get $values) (i32.mul (local.get $k) (i32.const 72))))
            (local.set $a01 (v128.load (local.get $b)))
            (local.set $a2 (f64.load offset=16 (local.get $b)))
            (local.set $a34 (v128.load offset=24 (local.get $b)))
            (local.set $a5 (f64.load offset=40 (local.get $b)))
            (local.set $a67 (v128.load offset=48 (local.get $b)))
            (local.set $a8 (f64.load offset=64 (local.get $b)))
            (local.set $xj (i32.mul (i32.load (i32.add (local.get $col) (i32.shl (local.get $k) (i32.const 2))))
              (i32.const 24)))
            (local.set $yj (i32.add (local.get $y) (local.get $xj)))
            (local.set $xj (i32.add (local.get $x) (local.get $xj)))
            ;; B x_j into row i.
            (local.set $y01 (v128.load (local.get $xj)))
            (local.set $y2 (f64.load offset=16 (local.get $xj)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $a01) (local.get $y01))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $a34) (local.get $y01))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $a67) (local.get $y01))))
            (local.set $t0 (f64.add (local.get $t0) (f64.mul (local.get $a2) (local.get $y2))))
            (local.set $t1 (f64.add (local.get $t1) (f64.mul (local.get $a5) (local.get $y2))))
            (local.set $t2 (f64.add (local.get $t2) (f64.mul (local.get $a8) (local.get $y2))))
            ;; Bᵀ x_i into row j: components 0 and 1 are x0·(a0, a1) + x1·(a3, a4) + x2·(a6, a7).
            (v128.store (local.get $yj) (f64x2.add (v128.load (local.get $yj))
              (f64x2.add
                (f64x2.add (f64x2.mul (local.get $x0) (local.get $a01)) (f64x2.mul (local.get $x1) (local.get $a34)))
                (f64x2.mul (local.get $x2) (local.get $a67)))))
            (f64.store offset=16 (local.get $yj) (f64.add (f64.load offset=16 (local.get $yj))
              (f64.add
                (f64.add (f64.mul (local.get $a2) (f64x2.extract_lane 0 (local.get $x0)))
                  (f64.mul (local.get $a5) (f64x2.extract_lane 0 (local.get $x1))))
                (f64.mul (local.get $a8) (local.get $x2s)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $blocks)))
        (local.set $yi (i32.add (local.get $y) (i32.mul (local.get $i) (i32.const 24))))
        (f64.store (local.get $yi) (f64.add (f64.load (local.get $yi)) (f64.add (local.get $t0)
          (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))))
        (f64.store offset=8 (local.get $yi) (f64.add (f64.load offset=8 (local.get $yi)) (f64.add (local.get $t1)
          (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))))
        (f64.store offset=16 (local.get $yi) (f64.add (f64.load offset=16 (local.get $yi)) (f64.add (local.get $t2)
          (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
