//! Controlled rounding of a whole publication: choose, for every printed figure, its exact
//! value rounded down or up to the 0.01 万元 grid, so that every identity among the printed
//! figures (within and across tables) holds exactly.
//!
//! The problem is a 0-1 feasibility problem. Each figure that is not already on the grid is a
//! variable `x = floor + b` with `b ∈ {0, 1}`; each identity is a linear relation over the
//! variables with small integer coefficients (`合计 − Σ 各行 = 0`, `其中 − 上级 ≤ 0`). It is
//! solved exactly by a depth-first search with propagation:
//!
//! * every relation keeps the sum of its assigned terms and the least and most its unassigned
//!   terms can still add; a relation that can no longer hold is a conflict, and one whose
//!   bound is reached forces all its unassigned terms (unit propagation);
//! * figures are decided largest first, each first to its plain rounding (四舍五入): the
//!   tables are trees of sums, so deciding a total first and its parts after it is the classic
//!   top-down controlled rounding, which needs no backtracking on a one-dimensional hierarchy;
//!   crossed hierarchies (rows × columns, tables that split one total two ways) backtrack
//!   rarely and briefly.
//!
//! Why not a general integer-programming crate: the pure-Rust one took seconds on models of
//! this size (crates.md), the fast one needs a C++ toolchain, and the structure here (sums of
//! ±1 terms, nearly all forced by propagation once the totals are set) is what a small exact
//! search does best. The search is complete: when it ends without a solution, there is none.
//! It is bounded in steps; beyond the bound the caller treats the system as unsolved.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Search steps (decisions and backtracks) before giving up, over all attempts.
const STEP_LIMIT: u64 = 400_000;

/// Flips of the local search (at least; 50 per figure for large systems).
const REPAIR_FLIPS: u64 = 200_000;

/// The steps of the first attempt; each restart doubles them.
const FIRST_LIMIT: u64 = 10_000;

/// Fractions of a grid unit are kept in units of 1/10 000 (exact figures in 元 have at most
/// two decimals, so a grid unit of 100 元 has at most four).
const FRACTION: i64 = 10_000;

/// Rounds `exact` (grid units) half away from zero (四舍五入).
pub fn round_half_away(exact: Decimal) -> i64 {
    exact
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(0)
}

/// An exact value (grid units) split the way the search needs it, in integer arithmetic on
/// the decimal's digits (the search makes this split for every figure, every time it runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Split {
    /// The value rounded down (0 when out of range, as `to_i64` gives none).
    floor: i64,
    /// Whether the value is off the grid, so that the search chooses its rounding.
    free: bool,
    /// Its plain rounding (四舍五入) above the floor: 0 or 1.
    plain: i64,
    /// Its fraction above the floor in 1/`FRACTION` of a grid unit, rounded half to even.
    frac: i64,
}

impl Split {
    fn of(x: Decimal) -> Split {
        let m = x.mantissa();
        let p = 10i128.pow(x.scale());
        let (floor, rem) = (m.div_euclid(p), m.rem_euclid(p));
        // Ties go away from zero: up for a positive value, down (its floor) for a negative one.
        let plain = match (2 * rem).cmp(&p) {
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Equal if m >= 0 => 1,
            _ => 0,
        };
        let scaled = rem * i128::from(FRACTION);
        let (q, r) = (scaled / p, scaled % p);
        let frac = match (2 * r).cmp(&p) {
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => q + (q & 1),
            std::cmp::Ordering::Less => q,
        };
        Split {
            floor: i64::try_from(floor).unwrap_or(0),
            free: rem != 0,
            plain,
            frac: frac as i64,
        }
    }
}

/// How the terms of a relation compare with its right-hand side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// Σ terms = rhs
    Eq,
    /// Σ terms ≤ rhs
    Le,
}

/// A linear relation over the rounded figures: Σ coef × value (rel) rhs, values in grid units.
#[derive(Debug, Clone)]
pub struct Relation {
    pub terms: Vec<(usize, i64)>,
    pub rel: Rel,
    pub rhs: i64,
}

impl Relation {
    /// Whether the relation holds for these values.
    pub fn holds(&self, values: &[i64]) -> bool {
        let s: i64 = self.terms.iter().map(|(v, a)| a * values[*v]).sum();
        match self.rel {
            Rel::Eq => s == self.rhs,
            Rel::Le => s <= self.rhs,
        }
    }
}

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Solved {
    /// A rounded value (grid units) for every figure.
    Values(Vec<i64>),
    /// No rounding satisfies every relation; the count says, per relation, how often it was
    /// the one that failed during the search (the likeliest culprit has the most).
    Infeasible(Vec<u32>),
    /// The step bound was reached first (same counts).
    GaveUp(Vec<u32>),
}

/// Chooses for each exact value (grid units) its floor or ceiling so that every relation holds.
pub fn solve(exact: &[Decimal], relations: &[Relation]) -> Solved {
    let mut search = Search::new(exact, relations);
    if let Some(blame) = search.impossible_from_the_start() {
        return Solved::Infeasible(blame);
    }
    let mut order = search.top_down_order();
    let mut limit = FIRST_LIMIT;
    let mut repaired = false;
    loop {
        match search.run(&order, limit) {
            Attempt::Found(values) => return Solved::Values(values),
            Attempt::Exhausted => return Solved::Infeasible(search.blame),
            Attempt::OutOfSteps if search.steps >= STEP_LIMIT => {
                return Solved::GaveUp(search.blame)
            }
            Attempt::OutOfSteps => {
                search.undo_to(0);
                if !repaired {
                    // The search is thrashing: try repairing a complete assignment instead
                    // (many roundings exist; a local search finds one where backtracking
                    // wanders).
                    repaired = true;
                    if let Some(values) = search.repair() {
                        return Solved::Values(values);
                    }
                }
                // Restart, deciding first the figures of the relations that failed most. (The
                // same order again would replay the same search step for step.)
                let score = |v: usize| -> u64 {
                    search.occurs[v]
                        .iter()
                        .map(|(ri, _)| u64::from(search.blame[*ri]))
                        .sum()
                };
                order.sort_by_key(|v| {
                    std::cmp::Reverse((score(*v), search.lo[*v].abs(), search.occurs[*v].len()))
                });
                limit *= 2;
            }
        }
    }
}

/// How one search attempt ended.
enum Attempt {
    Found(Vec<i64>),
    /// Every choice was tried: there is no solution.
    Exhausted,
    /// The attempt's step bound was reached.
    OutOfSteps,
}

struct Search {
    /// floor of each figure; a figure on the grid has `free == false`.
    lo: Vec<i64>,
    free: Vec<bool>,
    /// The preferred choice (its plain rounding) for each free figure: 0 floor, 1 ceiling.
    plain: Vec<i64>,
    /// Each figure's fraction above its floor, in 1/10 000 of a grid unit: the choice it
    /// "expects" (0.3 → 3 000).
    frac: Vec<i64>,
    /// Per relation: Σ coefficient × fraction of the unassigned terms (same scale), what they
    /// are expected to add.
    expect: Vec<i64>,
    /// The relations each figure takes part in, with its coefficient.
    occurs: Vec<Vec<(usize, i64)>>,
    /// Per relation: its free terms, in its order, and whether it is an equation. This is all
    /// the search keeps of the relations: their figures on the grid are already in `need`.
    free_terms: Vec<Vec<(usize, i64)>>,
    eq: Vec<bool>,
    /// Per relation: right-hand side left after the fixed figures and floors, the sum of
    /// assigned choices, and the least and most the unassigned choices can still add.
    need: Vec<i64>,
    sum: Vec<i64>,
    rest_lo: Vec<i64>,
    rest_hi: Vec<i64>,
    choice: Vec<Option<i64>>,
    /// The choice tried first at each decision.
    first: Vec<i64>,
    trail: Vec<usize>,
    /// The assignments `assign` has still to make, kept between calls for its buffer.
    queue: Vec<(usize, i64)>,
    /// Per figure: the choice it waits in `queue` for, if it does (−1 if not). A relation at
    /// its bound forces every unassigned term, and stays at its bound while they are made:
    /// without this, each of its k terms would queue the rest again, k² in all.
    queued: Vec<i8>,
    /// Assignments queued so far: the work of propagation.
    pushes: u64,
    blame: Vec<u32>,
    steps: u64,
}

impl Search {
    fn new(exact: &[Decimal], relations: &[Relation]) -> Search {
        let n = exact.len();
        let (mut lo, mut free) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut plain, mut frac) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for x in exact {
            let s = Split::of(*x);
            lo.push(s.floor);
            free.push(s.free);
            plain.push(s.plain);
            frac.push(s.frac);
        }
        let mut occurs = vec![Vec::new(); n];
        let m = relations.len();
        let (mut need, mut rest_lo, mut rest_hi) = (vec![0; m], vec![0; m], vec![0; m]);
        let mut expect = vec![0; m];
        let mut free_terms = vec![Vec::new(); m];
        let eq = relations.iter().map(|r| r.rel == Rel::Eq).collect();
        for (ri, r) in relations.iter().enumerate() {
            need[ri] = r.rhs;
            for &(v, a) in &r.terms {
                need[ri] -= a * lo[v];
                if free[v] {
                    free_terms[ri].push((v, a));
                    occurs[v].push((ri, a));
                    rest_lo[ri] += a.min(0);
                    rest_hi[ri] += a.max(0);
                    expect[ri] += a * frac[v];
                }
            }
        }
        Search {
            lo,
            free,
            plain,
            frac,
            expect,
            occurs,
            free_terms,
            eq,
            need,
            sum: vec![0; m],
            rest_lo,
            rest_hi,
            choice: vec![None; n],
            first: vec![0; n],
            trail: Vec::new(),
            queue: Vec::new(),
            queued: vec![-1; n],
            pushes: 0,
            blame: vec![0; m],
            steps: 0,
        }
    }

    #[inline]
    fn holds_possibly(&self, ri: usize) -> bool {
        self.possible(ri, self.sum[ri], self.rest_lo[ri], self.rest_hi[ri])
    }

    /// Whether relation `ri` can still hold with this sum of assigned choices and these least
    /// and most its unassigned choices can add.
    #[inline]
    fn possible(&self, ri: usize, sum: i64, rest_lo: i64, rest_hi: i64) -> bool {
        let (lo, hi) = (sum + rest_lo, sum + rest_hi);
        if self.eq[ri] {
            lo <= self.need[ri] && self.need[ri] <= hi
        } else {
            lo <= self.need[ri]
        }
    }

    /// Assigns a figure and propagates; false on a conflict (the trail keeps what was done).
    fn assign(&mut self, v: usize, b: i64) -> bool {
        let mut queue = std::mem::take(&mut self.queue);
        queue.clear();
        queue.push((v, b));
        self.queued[v] = b as i8;
        let ok = self.propagate(&mut queue);
        // On a conflict the rest of the queue is dropped.
        for (u, _) in queue.drain(..) {
            self.queued[u] = -1;
        }
        self.queue = queue;
        ok
    }

    /// Makes the assignments of `queue` and those they force; false on a conflict.
    fn propagate(&mut self, queue: &mut Vec<(usize, i64)>) -> bool {
        while let Some((v, b)) = queue.pop() {
            // A figure is queued only while unassigned, once, and assigned only here.
            debug_assert!(self.choice[v].is_none(), "figure {v} queued twice");
            self.queued[v] = -1;
            self.choice[v] = Some(b);
            self.trail.push(v);
            let mut ok = true;
            for &(ri, a) in &self.occurs[v] {
                self.sum[ri] += a * b;
                self.expect[ri] -= a * self.frac[v];
                self.rest_lo[ri] -= a.min(0);
                self.rest_hi[ri] -= a.max(0);
                if !self.holds_possibly(ri) {
                    self.blame[ri] += 1;
                    ok = false;
                }
            }
            if !ok {
                return false;
            }
            for &(ri, _) in &self.occurs[v] {
                // A bound reached: every unassigned term takes the value that keeps it.
                let at_lo = self.sum[ri] + self.rest_lo[ri] == self.need[ri];
                let at_hi = self.eq[ri] && self.sum[ri] + self.rest_hi[ri] == self.need[ri];
                if !(at_lo || at_hi) || self.rest_lo[ri] == self.rest_hi[ri] {
                    continue;
                }
                for &(u, a) in &self.free_terms[ri] {
                    if self.choice[u].is_none() {
                        let low = if a > 0 { 0 } else { 1 };
                        let forced = if at_lo { low } else { 1 - low };
                        match self.queued[u] {
                            -1 => {
                                self.queued[u] = forced as i8;
                                self.pushes += 1;
                                queue.push((u, forced));
                            }
                            q if i64::from(q) == forced => {}
                            _ => {
                                // Forced both ways: blamed, as when a choice is made, are the
                                // relations this one's choice would leave impossible (the one
                                // that queued the other choice among them).
                                self.blame_choice(u, forced);
                                return false;
                            }
                        }
                    }
                }
            }
        }
        true
    }

    /// Counts in the blame each relation of `v` that choosing `b` for it would leave unable
    /// to hold, as `propagate` does for a choice it makes.
    fn blame_choice(&mut self, v: usize, b: i64) {
        for &(ri, a) in &self.occurs[v] {
            let sum = self.sum[ri] + a * b;
            let (rest_lo, rest_hi) = (self.rest_lo[ri] - a.min(0), self.rest_hi[ri] - a.max(0));
            if !self.possible(ri, sum, rest_lo, rest_hi) {
                self.blame[ri] += 1;
            }
        }
    }

    /// The choice that keeps the figure's relations closest to what their remaining terms are
    /// expected to add (error diffusion: the roundings of the parts balance within each
    /// total), its plain rounding on a tie.
    fn preferred(&self, v: usize) -> i64 {
        let miss = |b: i64| -> i128 {
            self.occurs[v]
                .iter()
                .map(|&(ri, a)| {
                    let left = (self.need[ri] - self.sum[ri] - a * b) * FRACTION
                        - (self.expect[ri] - a * self.frac[v]);
                    let left = i128::from(left);
                    left * left
                })
                .sum()
        };
        let (plain, other) = (self.plain[v], 1 - self.plain[v]);
        // Leave the plain rounding only where it would leave a relation a whole grid unit
        // further from what its remaining figures can still make up.
        if miss(plain) - miss(other) > i128::from(FRACTION) * i128::from(FRACTION) {
            other
        } else {
            plain
        }
    }

    fn undo_to(&mut self, mark: usize) {
        while self.trail.len() > mark {
            let v = self.trail.pop().expect("trail longer than mark");
            let b = self.choice[v].take().expect("assigned on the trail");
            for &(ri, a) in &self.occurs[v] {
                self.sum[ri] -= a * b;
                self.expect[ri] += a * self.frac[v];
                self.rest_lo[ri] += a.min(0);
                self.rest_hi[ri] += a.max(0);
            }
        }
    }

    /// Min-conflicts local search: starts from every figure's preferred rounding and flips, in
    /// a violated relation, the figure whose flip leaves the least total violation (now and
    /// then a random one of it, to leave a local minimum), until every relation holds or the
    /// flip bound is reached. Deterministic: the walk's random numbers come from a fixed seed.
    fn repair(&mut self) -> Option<Vec<i64>> {
        let n = self.lo.len();
        let m = self.eq.len();
        let mut b: Vec<i64> = (0..n)
            .map(|v| if self.free[v] { self.plain[v] } else { 0 })
            .collect();
        // Residual per relation: need − Σ coefficient × choice.
        let mut residual: Vec<i64> = self.need.clone();
        for v in (0..n).filter(|v| self.free[*v]) {
            for &(ri, a) in &self.occurs[v] {
                residual[ri] -= a * b[v];
            }
        }
        let violation = |ri: usize, r: i64| -> i64 {
            if self.eq[ri] {
                r.abs()
            } else {
                (-r).max(0)
            }
        };
        let mut violated = Violated::new(m);
        for (ri, r) in residual.iter().enumerate() {
            violated.set(ri, violation(ri, *r) > 0);
        }
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        let mut random = move |k: usize| rng.below(k);
        let flips = REPAIR_FLIPS.max(50 * n as u64);
        // The free figures of the relation a flip repairs, in one buffer for every flip.
        let mut candidates: Vec<usize> = Vec::new();
        for _ in 0..flips {
            if violated.items.is_empty() {
                return Some((0..n).map(|v| self.lo[v] + b[v]).collect());
            }
            let ri = violated.items[random(violated.items.len())];
            candidates.clear();
            candidates.extend(self.free_terms[ri].iter().map(|(v, _)| *v));
            if candidates.is_empty() {
                return None; // a relation of fixed figures only: cannot be repaired
            }
            let gain = |v: usize| -> i64 {
                let d = 1 - 2 * b[v]; // the change of the choice: +1 or −1
                self.occurs[v]
                    .iter()
                    .map(|&(rj, a)| {
                        violation(rj, residual[rj] - a * d) - violation(rj, residual[rj])
                    })
                    .sum()
            };
            let v = if random(100) < 15 {
                candidates[random(candidates.len())]
            } else {
                *candidates
                    .iter()
                    .min_by_key(|v| (gain(**v), **v))
                    .expect("candidates is not empty")
            };
            let d = 1 - 2 * b[v];
            b[v] += d;
            for &(rj, a) in &self.occurs[v] {
                residual[rj] -= a * d;
                violated.set(rj, violation(rj, residual[rj]) > 0);
            }
        }
        None
    }

    /// The order of decisions: the largest figure first, then, breadth first through the
    /// relations, the other figures of each relation it is in (largest first), so that a total
    /// and its parts are decided together and a conflict points at a recent decision.
    fn top_down_order(&self) -> Vec<usize> {
        let size = |v: usize| std::cmp::Reverse((self.lo[v].abs(), self.occurs[v].len()));
        let mut by_size: Vec<usize> = (0..self.lo.len()).filter(|v| self.free[*v]).collect();
        by_size.sort_by_key(|v| size(*v));
        let mut seen = vec![false; self.lo.len()];
        let mut order = Vec::with_capacity(by_size.len());
        let mut queue = std::collections::VecDeque::new();
        for start in by_size {
            if seen[start] {
                continue;
            }
            seen[start] = true;
            queue.push_back(start);
            while let Some(v) = queue.pop_front() {
                order.push(v);
                let mut next: Vec<usize> = self.occurs[v]
                    .iter()
                    .flat_map(|(ri, _)| self.free_terms[*ri].iter().map(|(u, _)| *u))
                    .filter(|u| !seen[*u])
                    .collect();
                next.sort_by_key(|u| size(*u));
                next.dedup();
                for u in next {
                    if !seen[u] {
                        seen[u] = true;
                        queue.push_back(u);
                    }
                }
            }
        }
        order
    }

    /// The relations that cannot hold whatever is chosen, counted in the blame.
    fn impossible_from_the_start(&mut self) -> Option<Vec<u32>> {
        let bad: Vec<usize> = (0..self.eq.len())
            .filter(|ri| !self.holds_possibly(*ri))
            .collect();
        if bad.is_empty() {
            return None;
        }
        for ri in bad {
            self.blame[ri] += 1;
        }
        Some(self.blame.clone())
    }

    /// One depth-first search over `order`, within `limit` more steps.
    fn run(&mut self, order: &[usize], limit: u64) -> Attempt {
        let end = self.steps + limit;
        // Decisions: (position in order, trail mark, alternative tried).
        let mut stack: Vec<(usize, usize, bool)> = Vec::new();
        let mut next = 0;
        loop {
            while next < order.len() && self.choice[order[next]].is_some() {
                next += 1;
            }
            if next == order.len() {
                let values = (0..self.lo.len())
                    .map(|v| self.lo[v] + self.choice[v].unwrap_or(0))
                    .collect();
                return Attempt::Found(values);
            }
            self.steps += 1;
            if self.steps > end.min(STEP_LIMIT) {
                return Attempt::OutOfSteps;
            }
            let v = order[next];
            let mark = self.trail.len();
            stack.push((next, mark, false));
            let first = self.preferred(v);
            self.first[v] = first;
            if self.assign(v, first) {
                continue;
            }
            // Backtrack to the latest decision with an untried alternative.
            loop {
                let Some((pos, mark, tried)) = stack.pop() else {
                    return Attempt::Exhausted;
                };
                self.undo_to(mark);
                next = pos;
                if tried {
                    continue;
                }
                self.steps += 1;
                if self.steps > end.min(STEP_LIMIT) {
                    return Attempt::OutOfSteps;
                }
                let v = order[pos];
                stack.push((pos, mark, true));
                if self.assign(v, 1 - self.first[v]) {
                    break;
                }
            }
        }
    }
}

/// The relations `repair` finds violated: a set of relation indexes with constant-time insert,
/// remove and pick by position.
struct Violated {
    items: Vec<usize>,
    /// Where each relation stands in `items`, if it is there.
    slot: Vec<Option<usize>>,
}

impl Violated {
    fn new(relations: usize) -> Violated {
        Violated {
            items: Vec::new(),
            slot: vec![None; relations],
        }
    }

    /// Puts relation `ri` in the set or takes it out.
    fn set(&mut self, ri: usize, violated: bool) {
        match (violated, self.slot[ri]) {
            (true, None) => {
                self.slot[ri] = Some(self.items.len());
                self.items.push(ri);
            }
            (false, Some(i)) => {
                self.items.swap_remove(i);
                if let Some(&moved) = self.items.get(i) {
                    self.slot[moved] = Some(i);
                }
                self.slot[ri] = None;
            }
            _ => {}
        }
    }
}

/// The fixed-seed random numbers of `repair` (xorshift64), so that a build is reproducible.
struct XorShift(u64);

impl XorShift {
    /// A number below `k` (0 when `k` is 0).
    fn below(&mut self, k: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % k.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// total − Σ parts = 0
    fn sum(total: usize, parts: &[usize]) -> Relation {
        let mut terms = vec![(total, 1)];
        terms.extend(parts.iter().map(|p| (*p, -1)));
        Relation {
            terms,
            rel: Rel::Eq,
            rhs: 0,
        }
    }

    fn values(s: Solved) -> Vec<i64> {
        match s {
            Solved::Values(v) => v,
            other => panic!("no solution: {other:?}"),
        }
    }

    /// The split in integers agrees with the same split in `Decimal` arithmetic, which it
    /// replaced: floor, off the grid, plain rounding above the floor, and the fraction in
    /// 1/10 000 rounded half to even.
    #[test]
    fn split_agrees_with_decimal_arithmetic() {
        let by_decimal = |x: Decimal| {
            let lo = x.floor().to_i64().unwrap_or(0);
            Split {
                floor: lo,
                free: x.fract() != Decimal::ZERO,
                plain: round_half_away(x) - lo,
                frac: ((x - Decimal::from(lo)) * Decimal::from(FRACTION))
                    .round()
                    .to_i64()
                    .unwrap_or(0),
            }
        };
        let mut values: Vec<Decimal> = Vec::new();
        let mut state = 12345u64;
        for scale in 0..=10u32 {
            for _ in 0..400 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let m = (state >> 20) as i64 % 10_000_000_000;
                values.push(Decimal::new(m, scale));
                values.push(Decimal::new(-m, scale));
            }
        }
        for text in [
            "0",
            "0.5",
            "-0.5",
            "2.5",
            "-2.5",
            "1.00005",
            "-1.00005",
            "1.00015",
            "0.99995",
            "-0.00005",
            "123456789.123456789",
            "-7.000050",
            "3.14159265358979",
        ] {
            values.push(text.parse().unwrap());
        }
        for x in values {
            assert_eq!(Split::of(x), by_decimal(x), "{x}");
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_half_away(dec!(2.5)), 3);
        assert_eq!(round_half_away(dec!(266.5)), 267);
        assert_eq!(round_half_away(dec!(-2.5)), -3);
        assert_eq!(round_half_away(dec!(2.4999)), 2);
    }

    #[test]
    fn three_thirds_add_up_to_the_whole() {
        // 10.00 = 3.333 + 3.333 + 3.334: plain rounding prints 3.33 × 3 = 9.99.
        let x = [dec!(1000), dec!(333.3), dec!(333.3), dec!(333.4)];
        let r = values(solve(&x, &[sum(0, &[1, 2, 3])]));
        assert_eq!(r[0], 1000);
        assert_eq!(r[1] + r[2] + r[3], 1000);
        for (x, v) in x.iter().zip(&r) {
            assert!((Decimal::from(*v) - x).abs() < Decimal::ONE);
        }
    }

    #[test]
    fn two_way_table_with_margins() {
        // 2 × 3 cells (0..6), row totals 6, 7, column totals 8, 9, 10, grand total 11.
        let x = [
            dec!(0.5),
            dec!(0.5),
            dec!(1.5),
            dec!(2.5),
            dec!(0.5),
            dec!(0.5),
            dec!(2.5),
            dec!(3.5),
            dec!(3),
            dec!(1),
            dec!(2),
            dec!(6),
        ];
        let rels = [
            sum(6, &[0, 1, 2]),
            sum(7, &[3, 4, 5]),
            sum(8, &[0, 3]),
            sum(9, &[1, 4]),
            sum(10, &[2, 5]),
            sum(11, &[6, 7]),
            sum(11, &[8, 9, 10]),
        ];
        let r = values(solve(&x, &rels));
        assert_eq!(r[0] + r[1] + r[2], r[6]);
        assert_eq!(r[3] + r[4] + r[5], r[7]);
        assert_eq!(r[6] + r[7], 6);
        assert_eq!((r[0] + r[3], r[1] + r[4], r[2] + r[5]), (3, 1, 2));
    }

    #[test]
    fn a_part_stays_within_its_whole() {
        // 其中 0.6 ≤ 上级 0.6 with plain rounding 1 and 1: fine; 0.5 vs 0.4 exact (0.5 > 0.4 is
        // already false, so only consistent inputs are given): part 0.45 ≤ whole 0.45.
        let x = [dec!(0.45), dec!(0.45), dec!(0.2), dec!(0.25)];
        let rels = [
            sum(1, &[2, 3]),
            Relation {
                terms: vec![(0, 1), (1, -1)],
                rel: Rel::Le,
                rhs: 0,
            },
        ];
        let r = values(solve(&x, &rels));
        assert!(r[0] <= r[1]);
        assert_eq!(r[1], r[2] + r[3]);
    }

    #[test]
    fn an_impossible_system_is_proved_so_and_blames_its_relation() {
        // 1.00 = 0.005 + 0.005 (grid units: 1 = 0.5 + 0.5), and both halves are copies of one
        // figure: they must print alike, so they print 0 + 0 or 1 + 1, never 1.
        let x = [dec!(1), dec!(0.5), dec!(0.5)];
        let rels = [
            sum(0, &[1, 2]),
            Relation {
                terms: vec![(1, 1), (2, -1)],
                rel: Rel::Eq,
                rhs: 0,
            },
        ];
        match solve(&x, &rels) {
            Solved::Infeasible(blame) => assert!(blame.iter().sum::<u32>() > 0),
            other => panic!("expected infeasible, got {other:?}"),
        }
    }

    /// A relation of many terms that reaches its bound forces them all at once, and each of
    /// them is queued once: while they are made the relation stays at its bound, and queuing
    /// the rest again for each would cost k² (it made the hardest departments' searches take
    /// seconds).
    #[test]
    fn a_relation_at_its_bound_queues_each_term_once() {
        // A total of 0.4 (grid units) over 1 000 parts of 0.0004: the total is decided first,
        // down to 0, which forces every part down at once.
        let k = 1000;
        let mut x = vec![dec!(0.4)];
        x.extend((0..k).map(|_| dec!(0.0004)));
        let parts: Vec<usize> = (1..=k).collect();
        let rels = [sum(0, &parts)];
        let mut search = Search::new(&x, &rels);
        let order = search.top_down_order();
        let Attempt::Found(values) = search.run(&order, STEP_LIMIT) else {
            panic!("no solution");
        };
        assert!(values.iter().all(|v| *v == 0));
        assert_eq!(search.steps, 1, "one decision, the rest forced");
        assert!(
            search.pushes <= k as u64,
            "{} assignments queued",
            search.pushes
        );
    }

    /// A figure forced both ways at once (two relations at their bounds want it differently)
    /// is a conflict, and the relation that the later choice would break is blamed, as if
    /// that choice had been made.
    #[test]
    fn a_figure_forced_both_ways_is_a_conflict_that_blames_its_relation() {
        // a + b = 1 and a − b = 0 (grid units, all halves): deciding a forces b both ways,
        // down by the first relation and up by the second, which would break the first.
        let x = [dec!(0.5), dec!(0.5)];
        let rels = [
            Relation {
                terms: vec![(0, 1), (1, 1)],
                rel: Rel::Eq,
                rhs: 1,
            },
            Relation {
                terms: vec![(0, 1), (1, -1)],
                rel: Rel::Eq,
                rhs: 0,
            },
        ];
        match solve(&x, &rels) {
            Solved::Infeasible(blame) => assert!(blame[0] > 0 && blame[1] == 0, "{blame:?}"),
            other => panic!("expected infeasible, got {other:?}"),
        }
    }

    #[test]
    fn figures_on_the_grid_are_kept() {
        let x = [dec!(3), dec!(1.4), dec!(1.6)];
        assert_eq!(values(solve(&x, &[sum(0, &[1, 2])])), vec![3, 1, 2]);
    }
}
