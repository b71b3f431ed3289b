;; Nested dissection (ordering.ts nestedDissection) in WebAssembly: the same algorithm, the same
;; permutation. In JavaScript this graph code is what a fresh process spends longest compiling
;; before the first factorization (2D N = 6400: its optimizing compile ran ~50 ms in the
;; background while the first call ran unoptimized); here it is compiled once, cheaply, at load.
;; ordering.ts keeps the JavaScript version as the reference and fallback; the tests check that
;; both give the same permutation.
;;
;; Array elements are addressed inline rather than by helper functions: V8 in Node 20 does not
;; inline calls between WebAssembly functions (with a helper call per element this ordering took
;; 13–19 ms on 2D N = 6400, inline 4–8 ms; the JavaScript 11–13 ms once optimized).
;;
;; Build: `npm run build:wasm` (scripts/build-wasm.mjs) turns this file into ordering.ts.
;;
;; Memory (imported), i32 arrays at byte addresses given to `dissect`:
;;   ptr (n + 1), adj       the graph: neighbors of v are adj[ptr[v] .. ptr[v + 1])
;;   perm (n)               the result, perm[new] = old
;;   region, level, queue   work arrays (n each)
;;   nodes, spare (n each)  the nodes of every pending part, each part a range of `nodes`
;;   stack (4 per part)     pending parts: (start in nodes, size, first position, region id)
(module
  (import "env" "memory" (memory 1))
  (global $ptr (mut i32) (i32.const 0))
  (global $adj (mut i32) (i32.const 0))
  (global $region (mut i32) (i32.const 0))
  (global $level (mut i32) (i32.const 0))
  (global $queue (mut i32) (i32.const 0))


  ;; BFS inside region `id` from `root`; the nodes reached sit in queue, their level set. Returns
  ;; how many were reached.
  (func $bfs (param $root i32) (param $id i32) (result i32)
    (local $head i32) (local $tail i32) (local $v i32) (local $w i32) (local $p i32) (local $end i32)
    (local $next i32)
    (i32.store (i32.add (global.get $queue) (i32.shl (i32.const 0) (i32.const 2))) (local.get $root))
    (local.set $tail (i32.const 1))
    (i32.store (i32.add (global.get $level) (i32.shl (local.get $root) (i32.const 2))) (i32.const 0))
    (block $done
      (loop $nodes
        (br_if $done (i32.ge_s (local.get $head) (local.get $tail)))
        (local.set $v (i32.load (i32.add (global.get $queue) (i32.shl (local.get $head) (i32.const 2)))))
        (local.set $head (i32.add (local.get $head) (i32.const 1)))
        (local.set $next (i32.add (i32.load (i32.add (global.get $level) (i32.shl (local.get $v) (i32.const 2)))) (i32.const 1)))
        (local.set $p (i32.load (i32.add (global.get $ptr) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (global.get $ptr) (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 2)))))
        (block $edgesDone
          (loop $edges
            (br_if $edgesDone (i32.ge_s (local.get $p) (local.get $end)))
            (local.set $w (i32.load (i32.add (global.get $adj) (i32.shl (local.get $p) (i32.const 2)))))
            (if (i32.and
                  (i32.eq (i32.load (i32.add (global.get $region) (i32.shl (local.get $w) (i32.const 2)))) (local.get $id))
                  (i32.lt_s (i32.load (i32.add (global.get $level) (i32.shl (local.get $w) (i32.const 2)))) (i32.const 0)))
              (then
                (i32.store (i32.add (global.get $level) (i32.shl (local.get $w) (i32.const 2))) (local.get $next))
                (i32.store (i32.add (global.get $queue) (i32.shl (local.get $tail) (i32.const 2))) (local.get $w))
                (local.set $tail (i32.add (local.get $tail) (i32.const 1)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $edges)))
        (br $nodes)))
    (local.get $tail))

  ;; level = −1 again for the first `count` nodes of queue.
  (func $clearLevels (param $count i32)
    (local $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (i32.store (i32.add (global.get $level) (i32.shl (i32.load (i32.add (global.get $queue) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))) (i32.const -1))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Level of the last node of queue's first `reached`.
  (func $lastLevel (param $reached i32) (result i32)
    (i32.load (i32.add (global.get $level) (i32.shl (i32.load (i32.add (global.get $queue) (i32.shl (i32.sub (local.get $reached) (i32.const 1)) (i32.const 2)))) (i32.const 2)))))

  ;; perm = the nested-dissection order of the n-node graph (region, level must be 0 and −1).
  (func (export "dissect")
    (param $n i32) (param $leafSize i32) (param $ptr i32) (param $adj i32) (param $perm i32)
    (param $region i32) (param $level i32) (param $queue i32) (param $nodes i32) (param $spare i32)
    (param $stack i32)
    (local $top i32) (local $nextRegion i32) (local $lo i32) (local $size i32) (local $first i32) (local $id i32)
    (local $k i32) (local $q i32) (local $filled i32) (local $reached i32) (local $root i32) (local $depth i32)
    (local $tries i32) (local $candidate i32) (local $newDepth i32) (local $inComponent i32) (local $restId i32)
    (local $r i32) (local $cut i32) (local $before i32) (local $best i32) (local $l i32) (local $width i32)
    (local $after i32) (local $aId i32) (local $bId i32) (local $sepId i32) (local $countA i32) (local $countB i32)
    (local $v i32) (local $lv i32) (local $p i32) (local $end i32) (local $touchesB i32) (local $u i32)
    (local $ia i32) (local $ib i32) (local $is i32) (local $at i32)
    (global.set $ptr (local.get $ptr))
    (global.set $adj (local.get $adj))
    (global.set $region (local.get $region))
    (global.set $level (local.get $level))
    (global.set $queue (local.get $queue))
    (block $init
      (loop $fill
        (br_if $init (i32.ge_s (local.get $k) (local.get $n)))
        (i32.store (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2))) (local.get $k))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $fill)))
    ;; The whole graph is the first part (region 0).
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.const 0) (i32.const 2))) (i32.const 0))
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.const 1) (i32.const 2))) (local.get $n))
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.const 2) (i32.const 2))) (i32.const 0))
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.const 3) (i32.const 2))) (i32.const 0))
    (local.set $top (i32.const 1))
    (local.set $nextRegion (i32.const 1))
    (block $allDone
      (loop $work
        (br_if $allDone (i32.eqz (local.get $top)))
        (local.set $top (i32.sub (local.get $top) (i32.const 1)))
        (local.set $at (i32.shl (local.get $top) (i32.const 2)))
        (local.set $lo (i32.load (i32.add (local.get $stack) (i32.shl (local.get $at) (i32.const 2)))))
        (local.set $size (i32.load (i32.add (local.get $stack) (i32.shl (i32.add (local.get $at) (i32.const 1)) (i32.const 2)))))
        (local.set $first (i32.load (i32.add (local.get $stack) (i32.shl (i32.add (local.get $at) (i32.const 2)) (i32.const 2)))))
        (local.set $id (i32.load (i32.add (local.get $stack) (i32.shl (i32.add (local.get $at) (i32.const 3)) (i32.const 2)))))
        (block $continue
          (if (i32.le_s (local.get $size) (local.get $leafSize))
            (then
              ;; Leaves keep a BFS order for locality.
              (local.set $filled (i32.const 0))
              (local.set $k (i32.const 0))
              (block $leafDone
                (loop $leaf
                  (br_if $leafDone (i32.ge_s (local.get $k) (local.get $size)))
                  (br_if $leafDone (i32.ge_s (local.get $filled) (local.get $size)))
                  (local.set $v (i32.load (i32.add (local.get $nodes) (i32.shl (i32.add (local.get $lo) (local.get $k)) (i32.const 2)))))
                  (if (i32.lt_s (i32.load (i32.add (local.get $level) (i32.shl (local.get $v) (i32.const 2)))) (i32.const 0))
                    (then
                      (local.set $reached (call $bfs (local.get $v) (local.get $id)))
                      (local.set $q (i32.const 0))
                      (block $copyDone
                        (loop $copy
                          (br_if $copyDone (i32.ge_s (local.get $q) (local.get $reached)))
                          (i32.store (i32.add (local.get $perm) (i32.shl (i32.add (i32.add (local.get $first) (local.get $filled)) (local.get $q)) (i32.const 2))) (i32.load (i32.add (local.get $queue) (i32.shl (local.get $q) (i32.const 2)))))
                          (local.set $q (i32.add (local.get $q) (i32.const 1)))
                          (br $copy)))
                      (local.set $filled (i32.add (local.get $filled) (local.get $reached)))))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $leaf)))
              (local.set $k (i32.const 0))
              (block $clearDone
                (loop $clear
                  (br_if $clearDone (i32.ge_s (local.get $k) (local.get $size)))
                  (i32.store (i32.add (local.get $level) (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (i32.add (local.get $lo) (local.get $k)) (i32.const 2)))) (i32.const 2))) (i32.const -1))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $clear)))
              (br $continue)))
          ;; Pseudo-peripheral root: restart BFS from the last node reached while the depth grows.
          (local.set $root (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $lo) (i32.const 2)))))
          (local.set $reached (call $bfs (local.get $root) (local.get $id)))
          (local.set $depth (call $lastLevel (local.get $reached)))
          (local.set $tries (i32.const 0))
          (block $triesDone
            (loop $try
              (br_if $triesDone (i32.ge_s (local.get $tries) (i32.const 4)))
              (local.set $candidate (i32.load (i32.add (local.get $queue) (i32.shl (i32.sub (local.get $reached) (i32.const 1)) (i32.const 2)))))
              (call $clearLevels (local.get $reached))
              (local.set $reached (call $bfs (local.get $candidate) (local.get $id)))
              (local.set $newDepth (call $lastLevel (local.get $reached)))
              (if (i32.le_s (local.get $newDepth) (local.get $depth))
                (then
                  (local.set $depth (local.get $newDepth))
                  (br $triesDone)))
              (local.set $depth (local.get $newDepth))
              (local.set $tries (i32.add (local.get $tries) (i32.const 1)))
              (br $try)))
          (if (i32.lt_s (local.get $reached) (local.get $size))
            (then
              ;; Disconnected: split off the component just reached, no separator needed. The
              ;; part's range becomes the component (BFS order), then the rest (range order).
              (call $clearLevels (local.get $reached))
              (local.set $inComponent (local.get $nextRegion))
              (local.set $nextRegion (i32.add (local.get $nextRegion) (i32.const 1)))
              (local.set $k (i32.const 0))
              (block $markDone
                (loop $mark
                  (br_if $markDone (i32.ge_s (local.get $k) (local.get $reached)))
                  (i32.store (i32.add (local.get $region) (i32.shl (i32.load (i32.add (local.get $queue) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))) (local.get $inComponent))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $mark)))
              (local.set $restId (local.get $nextRegion))
              (local.set $nextRegion (i32.add (local.get $nextRegion) (i32.const 1)))
              (local.set $r (i32.const 0))
              (local.set $k (i32.const 0))
              (block $restDone
                (loop $rest
                  (br_if $restDone (i32.ge_s (local.get $k) (local.get $size)))
                  (local.set $v (i32.load (i32.add (local.get $nodes) (i32.shl (i32.add (local.get $lo) (local.get $k)) (i32.const 2)))))
                  (if (i32.ne (i32.load (i32.add (local.get $region) (i32.shl (local.get $v) (i32.const 2)))) (local.get $inComponent))
                    (then
                      (i32.store (i32.add (local.get $spare) (i32.shl (local.get $r) (i32.const 2))) (local.get $v))
                      (i32.store (i32.add (local.get $region) (i32.shl (local.get $v) (i32.const 2))) (local.get $restId))
                      (local.set $r (i32.add (local.get $r) (i32.const 1)))))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $rest)))
              (local.set $k (i32.const 0))
              (block $moveDone
                (loop $move
                  (br_if $moveDone (i32.ge_s (local.get $k) (local.get $size)))
                  (i32.store (i32.add (local.get $nodes) (i32.shl (i32.add (local.get $lo) (local.get $k)) (i32.const 2))) (if (result i32) (i32.lt_s (local.get $k) (local.get $reached))
                      (then (i32.load (i32.add (local.get $queue) (i32.shl (local.get $k) (i32.const 2)))))
                      (else (i32.load (i32.add (local.get $spare) (i32.shl (i32.sub (local.get $k) (local.get $reached)) (i32.const 2)))))))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $move)))
              (call $push (local.get $stack) (local.get $top) (local.get $lo) (local.get $reached) (local.get $first)
                (local.get $inComponent))
              (call $push (local.get $stack) (i32.add (local.get $top) (i32.const 1))
                (i32.add (local.get $lo) (local.get $reached)) (local.get $r)
                (i32.add (local.get $first) (local.get $reached)) (local.get $restId))
              (local.set $top (i32.add (local.get $top) (i32.const 2)))
              (br $continue)))
          (if (i32.lt_s (local.get $depth) (i32.const 2))
            (then
              ;; Too shallow to cut usefully: order as a leaf.
              (local.set $k (i32.const 0))
              (block $shallowDone
                (loop $shallow
                  (br_if $shallowDone (i32.ge_s (local.get $k) (local.get $size)))
                  (i32.store (i32.add (local.get $perm) (i32.shl (i32.add (local.get $first) (local.get $k)) (i32.const 2))) (i32.load (i32.add (local.get $queue) (i32.shl (local.get $k) (i32.const 2)))))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $shallow)))
              (call $clearLevels (local.get $reached))
              (br $continue)))
          ;; Cut at the smallest level whose both sides hold at least 35 % of the nodes (the
          ;; median level if none), never the first or last level.
          (local.set $cut (i32.load (i32.add (local.get $level) (i32.shl (i32.load (i32.add (local.get $queue) (i32.shl (i32.shr_s (local.get $size) (i32.const 1)) (i32.const 2)))) (i32.const 2)))))
          (if (i32.lt_s (local.get $cut) (i32.const 1)) (then (local.set $cut (i32.const 1))))
          (if (i32.gt_s (local.get $cut) (i32.sub (local.get $depth) (i32.const 1)))
            (then (local.set $cut (i32.sub (local.get $depth) (i32.const 1)))))
          (local.set $before (i32.const 0))
          (local.set $best (i32.const 0x7fffffff))
          (local.set $k (i32.const 0))
          (local.set $l (i32.const 0))
          (block $levelsDone
            (loop $levels
              (br_if $levelsDone (i32.gt_s (local.get $l) (local.get $depth)))
              (local.set $width (i32.const 0))
              (block $widthDone
                (loop $count
                  (br_if $widthDone (i32.ge_s (local.get $k) (local.get $reached)))
                  (br_if $widthDone (i32.ne (i32.load (i32.add (local.get $level) (i32.shl (i32.load (i32.add (local.get $queue) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))))
                    (local.get $l)))
                  (local.set $width (i32.add (local.get $width) (i32.const 1)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $count)))
              (local.set $after (i32.sub (i32.sub (local.get $size) (local.get $before)) (local.get $width)))
              (if (i32.and
                    (i32.and (i32.ge_s (local.get $l) (i32.const 1)) (i32.le_s (local.get $l) (i32.sub (local.get $depth) (i32.const 1))))
                    (i32.and
                      (i32.and
                        (f64.ge (f64.convert_i32_s (local.get $before)) (f64.mul (f64.const 0.35) (f64.convert_i32_s (local.get $size))))
                        (f64.ge (f64.convert_i32_s (local.get $after)) (f64.mul (f64.const 0.35) (f64.convert_i32_s (local.get $size)))))
                      (i32.lt_s (local.get $width) (local.get $best))))
                (then
                  (local.set $best (local.get $width))
                  (local.set $cut (local.get $l))))
              (local.set $before (i32.add (local.get $before) (local.get $width)))
              (local.set $l (i32.add (local.get $l) (i32.const 1)))
              (br $levels)))
          (local.set $aId (local.get $nextRegion))
          (local.set $bId (i32.add (local.get $nextRegion) (i32.const 1)))
          (local.set $sepId (i32.add (local.get $nextRegion) (i32.const 2)))
          (local.set $nextRegion (i32.add (local.get $nextRegion) (i32.const 3)))
          (local.set $countA (i32.const 0))
          (local.set $countB (i32.const 0))
          (local.set $k (i32.const 0))
          (block $assignDone
            (loop $assign
              (br_if $assignDone (i32.ge_s (local.get $k) (local.get $size)))
              (local.set $v (i32.load (i32.add (local.get $queue) (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $lv (i32.load (i32.add (local.get $level) (i32.shl (local.get $v) (i32.const 2)))))
              (if (i32.lt_s (local.get $lv) (local.get $cut))
                (then
                  (i32.store (i32.add (local.get $region) (i32.shl (local.get $v) (i32.const 2))) (local.get $aId))
                  (local.set $countA (i32.add (local.get $countA) (i32.const 1))))
                (else
                  (if (i32.gt_s (local.get $lv) (local.get $cut))
                    (then
                      (i32.store (i32.add (local.get $region) (i32.shl (local.get $v) (i32.const 2))) (local.get $bId))
                      (local.set $countB (i32.add (local.get $countB) (i32.const 1))))
                    (else
                      ;; A separator node that touches no higher level can join part A.
                      (local.set $touchesB (i32.const 0))
                      (local.set $p (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $v) (i32.const 2)))))
                      (local.set $end (i32.load (i32.add (local.get $ptr) (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 2)))))
                      (block $touchDone
                        (loop $touch
                          (br_if $touchDone (i32.ge_s (local.get $p) (local.get $end)))
                          (local.set $u (i32.load (i32.add (local.get $adj) (i32.shl (local.get $p) (i32.const 2)))))
                          (if (i32.and
                                (i32.eq (i32.load (i32.add (local.get $level) (i32.shl (local.get $u) (i32.const 2)))) (i32.add (local.get $cut) (i32.const 1)))
                                (i32.ne (i32.load (i32.add (local.get $region) (i32.shl (local.get $u) (i32.const 2)))) (local.get $sepId)))
                            (then
                              (local.set $touchesB (i32.const 1))
                              (br $touchDone)))
                          (local.set $p (i32.add (local.get $p) (i32.const 1)))
                          (br $touch)))
                      (i32.store (i32.add (local.get $region) (i32.shl (local.get $v) (i32.const 2))) (select (local.get $sepId) (local.get $aId) (local.get $touchesB)))
                      (if (i32.eqz (local.get $touchesB))
                        (then (local.set $countA (i32.add (local.get $countA) (i32.const 1)))))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $assign)))
          ;; Part A, then part B into the range (queue order); the separator to its positions.
          (local.set $ia (i32.const 0))
          (local.set $ib (i32.const 0))
          (local.set $is (i32.const 0))
          (local.set $k (i32.const 0))
          (block $splitDone
            (loop $split
              (br_if $splitDone (i32.ge_s (local.get $k) (local.get $size)))
              (local.set $v (i32.load (i32.add (local.get $queue) (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $r (i32.load (i32.add (local.get $region) (i32.shl (local.get $v) (i32.const 2)))))
              (if (i32.eq (local.get $r) (local.get $aId))
                (then
                  (i32.store (i32.add (local.get $nodes) (i32.shl (i32.add (local.get $lo) (local.get $ia)) (i32.const 2))) (local.get $v))
                  (local.set $ia (i32.add (local.get $ia) (i32.const 1))))
                (else
                  (if (i32.eq (local.get $r) (local.get $bId))
                    (then
                      (i32.store (i32.add (local.get $nodes) (i32.shl (i32.add (i32.add (local.get $lo) (local.get $countA)) (local.get $ib)) (i32.const 2))) (local.get $v))
                      (local.set $ib (i32.add (local.get $ib) (i32.const 1))))
                    (else
                      (i32.store (i32.add (local.get $perm) (i32.shl (i32.add (i32.add (i32.add (local.get $first) (local.get $countA)) (local.get $countB)) (local.get $is)) (i32.const 2))) (local.get $v))
                      (local.set $is (i32.add (local.get $is) (i32.const 1)))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $split)))
          (call $clearLevels (local.get $reached))
          (call $push (local.get $stack) (local.get $top) (local.get $lo) (local.get $countA) (local.get $first) (local.get $aId))
          (call $push (local.get $stack) (i32.add (local.get $top) (i32.const 1))
            (i32.add (local.get $lo) (local.get $countA)) (local.get $countB)
            (i32.add (local.get $first) (local.get $countA)) (local.get $bId))
          (local.set $top (i32.add (local.get $top) (i32.const 2))))
        (br $work))))

  ;; Pending part `index` of the stack: (start in nodes, size, first position, region id).
  (func $push (param $stack i32) (param $index i32) (param $lo i32) (param $size i32) (param $first i32) (param $id i32)
    (local $at i32)
    (local.set $at (i32.shl (local.get $index) (i32.const 2)))
    (i32.store (i32.add (local.get $stack) (i32.shl (local.get $at) (i32.const 2))) (local.get $lo))
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.add (local.get $at) (i32.const 1)) (i32.const 2))) (local.get $size))
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.add (local.get $at) (i32.const 2)) (i32.const 2))) (local.get $first))
    (i32.store (i32.add (local.get $stack) (i32.shl (i32.add (local.get $at) (i32.const 3)) (i32.const 2))) (local.get $id)))
)
