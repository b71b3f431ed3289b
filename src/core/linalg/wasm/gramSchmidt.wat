;; The Gram–Schmidt sweeps of the block Lanczos (lanczos.ts) in WebAssembly with 128-bit SIMD:
;; dot products of images with the basis vectors and the subtraction of their combination.
;; In JavaScript these loops are also what the JIT warms up on in every fresh process.
;; linalg/gramSchmidt.ts keeps JavaScript twins with the same summation order (so both give
;; identical numbers) as the reference and fallback.
;;
;; Build: `npm run build:wasm` (scripts/build-wasm.mjs) turns this file into gramSchmidt.ts.
;;
;; Vectors are n doubles at byte addresses in the imported memory; a list of vectors is an i32
;; array of their addresses. Sums run in two lanes (even and odd elements), an odd last
;; product goes to the even lane, and the result is even + odd.
(module
  (import "env" "memory" (memory 1))

  ;; Address of vector i of a list.
  (func $vec (param $list i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $list) (i32.shl (local.get $i) (i32.const 2)))))

  ;; even + odd lane of s, with q[last]·w[last] added to the even lane when `odd`.
  (func $sum (param $s v128) (param $q i32) (param $w i32) (param $last i32) (param $odd i32) (result f64)
    (local $even f64)
    (local.set $even (f64x2.extract_lane 0 (local.get $s)))
    (if (local.get $odd)
      (then
        (local.set $even (f64.add (local.get $even)
          (f64.mul (f64.load (i32.add (local.get $q) (local.get $last)))
                   (f64.load (i32.add (local.get $w) (local.get $last))))))))
    (f64.add (local.get $even) (f64x2.extract_lane 1 (local.get $s))))

  ;; c[i·stride] = q_i · w for i < count: four vectors per sweep over w, then one at a time.
  (func (export "dots") (param $list i32) (param $count i32) (param $w i32) (param $c i32)
    (param $stride i32) (param $n i32)
    (local $i i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $off i32) (local $end i32) (local $odd i32) (local $step i32) (local $x v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $odd (i32.and (local.get $n) (i32.const 1)))
    (local.set $step (i32.shl (local.get $stride) (i32.const 3)))
    (block $quadsDone
      (loop $quad
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $q1 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 1))))
        (local.set $q2 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 2))))
        (local.set $q3 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 3))))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0))
        (local.set $s3 (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $x (v128.load (i32.add (local.get $w) (local.get $off))))
            (local.set $s0 (f64x2.add (local.get $s0)
              (f64x2.mul (v128.load (i32.add (local.get $q0) (local.get $off))) (local.get $x))))
            (local.set $s1 (f64x2.add (local.get $s1)
              (f64x2.mul (v128.load (i32.add (local.get $q1) (local.get $off))) (local.get $x))))
            (local.set $s2 (f64x2.add (local.get $s2)
              (f64x2.mul (v128.load (i32.add (local.get $q2) (local.get $off))) (local.get $x))))
            (local.set $s3 (f64x2.add (local.get $s3)
              (f64x2.mul (v128.load (i32.add (local.get $q3) (local.get $off))) (local.get $x))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (f64.store (local.get $c)
          (call $sum (local.get $s0) (local.get $q0) (local.get $w) (local.get $end) (local.get $odd)))
        (f64.store (i32.add (local.get $c) (local.get $step))
          (call $sum (local.get $s1) (local.get $q1) (local.get $w) (local.get $end) (local.get $odd)))
        (f64.store (i32.add (local.get $c) (i32.shl (local.get $step) (i32.const 1)))
          (call $sum (local.get $s2) (local.get $q2) (local.get $w) (local.get $end) (local.get $odd)))
        (f64.store (i32.add (local.get $c) (i32.mul (local.get $step) (i32.const 3)))
          (call $sum (local.get $s3) (local.get $q3) (local.get $w) (local.get $end) (local.get $odd)))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $step) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad)))
    (block $singlesDone
      (loop $single
        (br_if $singlesDone (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $s0 (f64x2.add (local.get $s0)
              (f64x2.mul (v128.load (i32.add (local.get $q0) (local.get $off)))
                         (v128.load (i32.add (local.get $w) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (f64.store (local.get $c)
          (call $sum (local.get $s0) (local.get $q0) (local.get $w) (local.get $end) (local.get $odd)))
        (local.set $c (i32.add (local.get $c) (local.get $step)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $single))))

  ;; w −= Σ_i c[i·stride] q_i for i < count: four vectors per sweep, elementwise
  ;; w[k] −= ((c0·q0[k] + c1·q1[k]) + c2·q2[k]) + c3·q3[k], then one vector at a time.
  (func (export "subtract") (param $list i32) (param $count i32) (param $w i32) (param $c i32)
    (param $stride i32) (param $n i32)
    (local $i i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $off i32) (local $end i32) (local $bytes i32) (local $step i32)
    (local $c0 f64) (local $c1 f64) (local $c2 f64) (local $c3 f64)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $at i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $step (i32.shl (local.get $stride) (i32.const 3)))
    (block $quadsDone
      (loop $quad
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $q1 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 1))))
        (local.set $q2 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 2))))
        (local.set $q3 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 3))))
        (local.set $c0 (f64.load (local.get $c)))
        (local.set $c1 (f64.load (i32.add (local.get $c) (local.get $step))))
        (local.set $c2 (f64.load (i32.add (local.get $c) (i32.shl (local.get $step) (i32.const 1)))))
        (local.set $c3 (f64.load (i32.add (local.get $c) (i32.mul (local.get $step) (i32.const 3)))))
        (local.set $k0 (f64x2.splat (local.get $c0)))
        (local.set $k1 (f64x2.splat (local.get $c1)))
        (local.set $k2 (f64x2.splat (local.get $c2)))
        (local.set $k3 (f64x2.splat (local.get $c3)))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $at (i32.add (local.get $w) (local.get $off)))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.add
                (f64x2.add
                  (f64x2.add
                    (f64x2.mul (local.get $k0) (v128.load (i32.add (local.get $q0) (local.get $off))))
                    (f64x2.mul (local.get $k1) (v128.load (i32.add (local.get $q1) (local.get $off)))))
                  (f64x2.mul (local.get $k2) (v128.load (i32.add (local.get $q2) (local.get $off)))))
                (f64x2.mul (local.get $k3) (v128.load (i32.add (local.get $q3) (local.get $off)))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (if (i32.lt_u (local.get $end) (local.get $bytes))
          (then
            (local.set $at (i32.add (local.get $w) (local.get $end)))
            (f64.store (local.get $at) (f64.sub (f64.load (local.get $at))
              (f64.add
                (f64.add
                  (f64.add
                    (f64.mul (local.get $c0) (f64.load (i32.add (local.get $q0) (local.get $end))))
                    (f64.mul (local.get $c1) (f64.load (i32.add (local.get $q1) (local.get $end)))))
                  (f64.mul (local.get $c2) (f64.load (i32.add (local.get $q2) (local.get $end)))))
                (f64.mul (local.get $c3) (f64.load (i32.add (local.get $q3) (local.get $end)))))))))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $step) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad)))
    (block $singlesDone
      (loop $single
        (br_if $singlesDone (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $c0 (f64.load (local.get $c)))
        (local.set $k0 (f64x2.splat (local.get $c0)))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $at (i32.add (local.get $w) (local.get $off)))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.mul (local.get $k0) (v128.load (i32.add (local.get $q0) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (if (i32.lt_u (local.get $end) (local.get $bytes))
          (then
            (local.set $at (i32.add (local.get $w) (local.get $end)))
            (f64.store (local.get $at) (f64.sub (f64.load (local.get $at))
              (f64.mul (local.get $c0) (f64.load (i32.add (local.get $q0) (local.get $end))))))))
        (local.set $c (i32.add (local.get $c) (local.get $step)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $single))))

  ;; c[2i] = q_i · u and c[2i + 1] = q_i · v for i < count: four vectors per sweep over u and
  ;; v, then one at a time.
  (func (export "dotsPair") (param $list i32) (param $count i32) (param $u i32) (param $v i32)
    (param $c i32) (param $n i32)
    (local $i i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $off i32) (local $end i32) (local $odd i32) (local $x v128) (local $y v128) (local $a v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $odd (i32.and (local.get $n) (i32.const 1)))
    (block $quadsDone
      (loop $quad
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $q1 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 1))))
        (local.set $q2 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 2))))
        (local.set $q3 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 3))))
        (local.set $s00 (v128.const f64x2 0 0))
        (local.set $s01 (v128.const f64x2 0 0))
        (local.set $s10 (v128.const f64x2 0 0))
        (local.set $s11 (v128.const f64x2 0 0))
        (local.set $s20 (v128.const f64x2 0 0))
        (local.set $s21 (v128.const f64x2 0 0))
        (local.set $s30 (v128.const f64x2 0 0))
        (local.set $s31 (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $x (v128.load (i32.add (local.get $u) (local.get $off))))
            (local.set $y (v128.load (i32.add (local.get $v) (local.get $off))))
            (local.set $a (v128.load (i32.add (local.get $q0) (local.get $off))))
            (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $a) (local.get $x))))
            (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $a) (local.get $y))))
            (local.set $a (v128.load (i32.add (local.get $q1) (local.get $off))))
            (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $a) (local.get $x))))
            (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $a) (local.get $y))))
            (local.set $a (v128.load (i32.add (local.get $q2) (local.get $off))))
            (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $a) (local.get $x))))
            (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $a) (local.get $y))))
            (local.set $a (v128.load (i32.add (local.get $q3) (local.get $off))))
            (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $a) (local.get $x))))
            (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $a) (local.get $y))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (f64.store offset=0 (local.get $c)
          (call $sum (local.get $s00) (local.get $q0) (local.get $u) (local.get $end) (local.get $odd)))
        (f64.store offset=8 (local.get $c)
          (call $sum (local.get $s01) (local.get $q0) (local.get $v) (local.get $end) (local.get $odd)))
        (f64.store offset=16 (local.get $c)
          (call $sum (local.get $s10) (local.get $q1) (local.get $u) (local.get $end) (local.get $odd)))
        (f64.store offset=24 (local.get $c)
          (call $sum (local.get $s11) (local.get $q1) (local.get $v) (local.get $end) (local.get $odd)))
        (f64.store offset=32 (local.get $c)
          (call $sum (local.get $s20) (local.get $q2) (local.get $u) (local.get $end) (local.get $odd)))
        (f64.store offset=40 (local.get $c)
          (call $sum (local.get $s21) (local.get $q2) (local.get $v) (local.get $end) (local.get $odd)))
        (f64.store offset=48 (local.get $c)
          (call $sum (local.get $s30) (local.get $q3) (local.get $u) (local.get $end) (local.get $odd)))
        (f64.store offset=56 (local.get $c)
          (call $sum (local.get $s31) (local.get $q3) (local.get $v) (local.get $end) (local.get $odd)))
        (local.set $c (i32.add (local.get $c) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad)))
    (block $singlesDone
      (loop $single
        (br_if $singlesDone (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $s00 (v128.const f64x2 0 0))
        (local.set $s01 (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $a (v128.load (i32.add (local.get $q0) (local.get $off))))
            (local.set $s00 (f64x2.add (local.get $s00)
              (f64x2.mul (local.get $a) (v128.load (i32.add (local.get $u) (local.get $off))))))
            (local.set $s01 (f64x2.add (local.get $s01)
              (f64x2.mul (local.get $a) (v128.load (i32.add (local.get $v) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (f64.store offset=0 (local.get $c)
          (call $sum (local.get $s00) (local.get $q0) (local.get $u) (local.get $end) (local.get $odd)))
        (f64.store offset=8 (local.get $c)
          (call $sum (local.get $s01) (local.get $q0) (local.get $v) (local.get $end) (local.get $odd)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $single))))

  ;; u −= Σ_i c[2i] q_i and v −= Σ_i c[2i + 1] q_i for i < count, elementwise as in subtract.
  (func (export "subtractPair") (param $list i32) (param $count i32) (param $u i32) (param $v i32)
    (param $c i32) (param $n i32)
    (local $i i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $off i32) (local $bytes i32) (local $at i32) (local $bt i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    (block $quadsDone
      (loop $quad
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $q1 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 1))))
        (local.set $q2 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 2))))
        (local.set $q3 (call $vec (local.get $list) (i32.add (local.get $i) (i32.const 3))))
        (local.set $a0 (f64x2.splat (f64.load offset=0 (local.get $c))))
        (local.set $b0 (f64x2.splat (f64.load offset=8 (local.get $c))))
        (local.set $a1 (f64x2.splat (f64.load offset=16 (local.get $c))))
        (local.set $b1 (f64x2.splat (f64.load offset=24 (local.get $c))))
        (local.set $a2 (f64x2.splat (f64.load offset=32 (local.get $c))))
        (local.set $b2 (f64x2.splat (f64.load offset=40 (local.get $c))))
        (local.set $a3 (f64x2.splat (f64.load offset=48 (local.get $c))))
        (local.set $b3 (f64x2.splat (f64.load offset=56 (local.get $c))))
        ;; Pairs of elements, then an odd last one in scalar.
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.gt_u (i32.add (local.get $off) (i32.const 16)) (local.get $bytes)))
            (local.set $x0 (v128.load (i32.add (local.get $q0) (local.get $off))))
            (local.set $x1 (v128.load (i32.add (local.get $q1) (local.get $off))))
            (local.set $x2 (v128.load (i32.add (local.get $q2) (local.get $off))))
            (local.set $x3 (v128.load (i32.add (local.get $q3) (local.get $off))))
            (local.set $at (i32.add (local.get $u) (local.get $off)))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at))
              (f64x2.add (f64x2.add (f64x2.add
                (f64x2.mul (local.get $a0) (local.get $x0)) (f64x2.mul (local.get $a1) (local.get $x1)))
                (f64x2.mul (local.get $a2) (local.get $x2))) (f64x2.mul (local.get $a3) (local.get $x3)))))
            (local.set $bt (i32.add (local.get $v) (local.get $off)))
            (v128.store (local.get $bt) (f64x2.sub (v128.load (local.get $bt))
              (f64x2.add (f64x2.add (f64x2.add
                (f64x2.mul (local.get $b0) (local.get $x0)) (f64x2.mul (local.get $b1) (local.get $x1)))
                (f64x2.mul (local.get $b2) (local.get $x2))) (f64x2.mul (local.get $b3) (local.get $x3)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (if (i32.lt_u (local.get $off) (local.get $bytes))
          (then
            (call $tail4 (local.get $u) (local.get $q0) (local.get $q1) (local.get $q2) (local.get $q3)
              (local.get $off) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))
            (call $tail4 (local.get $v) (local.get $q0) (local.get $q1) (local.get $q2) (local.get $q3)
              (local.get $off) (local.get $b0) (local.get $b1) (local.get $b2) (local.get $b3))))
        (local.set $c (i32.add (local.get $c) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad)))
    (block $singlesDone
      (loop $single
        (br_if $singlesDone (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $q0 (call $vec (local.get $list) (local.get $i)))
        (local.set $a0 (f64x2.splat (f64.load offset=0 (local.get $c))))
        (local.set $b0 (f64x2.splat (f64.load offset=8 (local.get $c))))
        (local.set $off (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.gt_u (i32.add (local.get $off) (i32.const 16)) (local.get $bytes)))
            (local.set $x0 (v128.load (i32.add (local.get $q0) (local.get $off))))
            (local.set $at (i32.add (local.get $u) (local.get $off)))
            (v128.store (local.get $at)
              (f64x2.sub (v128.load (local.get $at)) (f64x2.mul (local.get $a0) (local.get $x0))))
            (local.set $bt (i32.add (local.get $v) (local.get $off)))
            (v128.store (local.get $bt)
              (f64x2.sub (v128.load (local.get $bt)) (f64x2.mul (local.get $b0) (local.get $x0))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $next)))
        (if (i32.lt_u (local.get $off) (local.get $bytes))
          (then
            (local.set $at (i32.add (local.get $u) (local.get $off)))
            (f64.store (local.get $at) (f64.sub (f64.load (local.get $at))
              (f64.mul (f64x2.extract_lane 0 (local.get $a0)) (f64.load (i32.add (local.get $q0) (local.get $off))))))
            (local.set $bt (i32.add (local.get $v) (local.get $off)))
            (f64.store (local.get $bt) (f64.sub (f64.load (local.get $bt))
              (f64.mul (f64x2.extract_lane 0 (local.get $b0)) (f64.load (i32.add (local.get $q0) (local.get $off))))))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $single))))

  ;; w[at] −= ((k0·q0 + k1·q1) + k2·q2) + k3·q3 at one element (lane 0 of the splats).
  (func $tail4 (param $w i32) (param $q0 i32) (param $q1 i32) (param $q2 i32) (param $q3 i32)
    (param $off i32) (param $k0 v128) (param $k1 v128) (param $k2 v128) (param $k3 v128)
    (local $at i32)
    (local.set $at (i32.add (local.get $w) (local.get $off)))
    (f64.store (local.get $at) (f64.sub (f64.load (local.get $at))
      (f64.add (f64.add (f64.add
        (f64.mul (f64x2.extract_lane 0 (local.get $k0)) (f64.load (i32.add (local.get $q0) (local.get $off))))
        (f64.mul (f64x2.extract_lane 0 (local.get $k1)) (f64.load (i32.add (local.get $q1) (local.get $off)))))
        (f64.mul (f64x2.extract_lane 0 (local.get $k2)) (f64.load (i32.add (local.get $q2) (local.get $off)))))
        (f64.mul (f64x2.extract_lane 0 (local.get $k3)) (f64.load (i32.add (local.get $q3) (local.get $off))))))))

  ;; a · b with four partial sums s_r over elements k ≡ r (mod 4), the last n mod 4 products
  ;; added to s_0, result (s_0 + s_1) + (s_2 + s_3): the same numbers as vector.ts dot4.
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $off i32) (local $end i32) (local $bytes i32) (local $s01 v128) (local $s23 v128) (local $s0 f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3)))
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $s01 (f64x2.add (local.get $s01)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $off)))
                     (v128.load (i32.add (local.get $b) (local.get $off))))))
        (local.set $s23 (f64x2.add (local.get $s23)
          (f64x2.mul (v128.load offset=16 (i32.add (local.get $a) (local.get $off)))
                     (v128.load offset=16 (i32.add (local.get $b) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 32)))
        (br $next)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $s01)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $bytes)))
        (local.set $s0 (f64.add (local.get $s0)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $off)))
                   (f64.load (i32.add (local.get $b) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 8)))
        (br $next)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $s01)))
      (f64.add (f64x2.extract_lane 0 (local.get $s23)) (f64x2.extract_lane 1 (local.get $s23)))))
)
