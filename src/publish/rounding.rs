//! Controlled rounding: choose, for every published figure, a value on the 0.01 万元 grid so
//! that every identity of the table holds exactly in the printed figures and every printed
//! figure stays within 0.01 万元 of its exact value (it is its exact value rounded down or up).
//!
//! The figures of a table are sums of its leaf cells (leaf rows × leaf columns). Leaves are the
//! variables, each rounded down or up; every printed figure is a constraint: the sum of its
//! leaves must be its exact value rounded down or up. A depth-first search with interval
//! propagation, trying each leaf's plain rounding (四舍五入) first, finds such a rounding
//! (for one-dimensional and two-dimensional tables one always exists: it is the classic
//! network-flow result; nested hierarchies on both axes almost always have one). The search is
//! bounded; when it finds nothing, the caller keeps plain rounding and adds the standard note.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// How many search steps before giving up (a budget table has a few hundred leaves at most).
const STEP_LIMIT: u64 = 2_000_000;

/// A figure that must print within one grid step of its exact value.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// Indexes of the leaves it adds up.
    pub leaves: Vec<usize>,
    /// Its exact value in grid units (0.01 万元).
    pub exact: Decimal,
    /// A value it must print as (a copy of a figure already printed elsewhere).
    pub pinned: Option<i64>,
}

/// Rounds `exact` (grid units) half away from zero (四舍五入).
pub fn round_half_away(exact: Decimal) -> i64 {
    exact
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(0)
}

fn floor(d: Decimal) -> i64 {
    d.floor().to_i64().unwrap_or(0)
}

fn ceil(d: Decimal) -> i64 {
    d.ceil().to_i64().unwrap_or(0)
}

/// Chooses a rounded value for every leaf so that every constraint holds, or `None`.
pub fn solve(leaves: &[Decimal], constraints: &[Constraint]) -> Option<Vec<i64>> {
    let n = leaves.len();
    let bounds: Vec<(i64, i64)> = constraints
        .iter()
        .map(|c| match c.pinned {
            Some(p) => (p, p),
            None => (floor(c.exact), ceil(c.exact)),
        })
        .collect();
    let plain: Vec<i64> = leaves.iter().map(|x| round_half_away(*x)).collect();
    let fits = |values: &[i64]| {
        constraints.iter().zip(&bounds).all(|(c, (lo, hi))| {
            let s: i64 = c.leaves.iter().map(|i| values[*i]).sum();
            *lo <= s && s <= *hi
        })
    };
    if fits(&plain) {
        return Some(plain);
    }
    // Each leaf's two choices, plain rounding first.
    let choices: Vec<Vec<i64>> = leaves
        .iter()
        .zip(&plain)
        .map(|(x, p)| {
            let (lo, hi) = (floor(*x), ceil(*x));
            if lo == hi {
                vec![lo]
            } else if *p == lo {
                vec![lo, hi]
            } else {
                vec![hi, lo]
            }
        })
        .collect();
    let mut of_leaf: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (ci, c) in constraints.iter().enumerate() {
        for &l in &c.leaves {
            of_leaf[l].push(ci);
        }
    }
    // Search the most constrained leaves first.
    let mut order: Vec<usize> = (0..n).filter(|i| choices[*i].len() > 1).collect();
    order.sort_by_key(|i| std::cmp::Reverse(of_leaf[*i].len()));
    let mut values: Vec<i64> = choices.iter().map(|c| c[0]).collect();
    let mut assigned = vec![false; n];
    for i in 0..n {
        assigned[i] = choices[i].len() == 1;
    }
    // Per constraint: sum of assigned leaves, and the min/max the unassigned can still add.
    let mut sum = vec![0i64; constraints.len()];
    let mut rest_lo = vec![0i64; constraints.len()];
    let mut rest_hi = vec![0i64; constraints.len()];
    for (ci, c) in constraints.iter().enumerate() {
        for &l in &c.leaves {
            if assigned[l] {
                sum[ci] += values[l];
            } else {
                rest_lo[ci] += choices[l].iter().min().copied().unwrap_or(0);
                rest_hi[ci] += choices[l].iter().max().copied().unwrap_or(0);
            }
        }
    }
    if constraints
        .iter()
        .enumerate()
        .any(|(ci, _)| sum[ci] + rest_lo[ci] > bounds[ci].1 || sum[ci] + rest_hi[ci] < bounds[ci].0)
    {
        return None;
    }
    let mut steps = 0u64;
    let mut search = Search {
        choices: &choices,
        of_leaf: &of_leaf,
        bounds: &bounds,
        sum,
        rest_lo,
        rest_hi,
        values: &mut values,
        steps: &mut steps,
    };
    search.dfs(&order, 0).then_some(values)
}

struct Search<'a> {
    choices: &'a [Vec<i64>],
    of_leaf: &'a [Vec<usize>],
    bounds: &'a [(i64, i64)],
    sum: Vec<i64>,
    rest_lo: Vec<i64>,
    rest_hi: Vec<i64>,
    values: &'a mut Vec<i64>,
    steps: &'a mut u64,
}

impl Search<'_> {
    fn dfs(&mut self, order: &[usize], k: usize) -> bool {
        if k == order.len() {
            return true;
        }
        *self.steps += 1;
        if *self.steps > STEP_LIMIT {
            return false;
        }
        let leaf = order[k];
        let (lo, hi) = {
            let c = &self.choices[leaf];
            (*c.iter().min().unwrap_or(&0), *c.iter().max().unwrap_or(&0))
        };
        for &v in &self.choices[leaf] {
            let mut ok = true;
            for &ci in &self.of_leaf[leaf] {
                self.sum[ci] += v;
                self.rest_lo[ci] -= lo;
                self.rest_hi[ci] -= hi;
                let (blo, bhi) = self.bounds[ci];
                if self.sum[ci] + self.rest_lo[ci] > bhi || self.sum[ci] + self.rest_hi[ci] < blo {
                    ok = false;
                }
            }
            if ok {
                self.values[leaf] = v;
                if self.dfs(order, k + 1) {
                    return true;
                }
            }
            for &ci in &self.of_leaf[leaf] {
                self.sum[ci] -= v;
                self.rest_lo[ci] += lo;
                self.rest_hi[ci] += hi;
            }
            if *self.steps > STEP_LIMIT {
                return false;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn c(leaves: &[usize], exact: Decimal) -> Constraint {
        Constraint {
            leaves: leaves.to_vec(),
            exact,
            pinned: None,
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
        let leaves = [dec!(333.3), dec!(333.3), dec!(333.4)];
        let cons = [
            c(&[0], leaves[0]),
            c(&[1], leaves[1]),
            c(&[2], leaves[2]),
            c(&[0, 1, 2], dec!(1000)),
        ];
        let r = solve(&leaves, &cons).unwrap();
        assert_eq!(r.iter().sum::<i64>(), 1000);
        for (x, v) in leaves.iter().zip(&r) {
            assert!((Decimal::from(*v) - x).abs() < Decimal::ONE);
        }
    }

    #[test]
    fn two_way_table_with_margins() {
        // 2 × 3 cells with row and column totals and a grand total, all halves.
        let x = [
            dec!(0.5),
            dec!(0.5),
            dec!(1.5),
            dec!(2.5),
            dec!(0.5),
            dec!(0.5),
        ];
        let cells: Vec<Constraint> = (0..6).map(|i| c(&[i], x[i])).collect();
        let mut cons = cells;
        cons.push(c(&[0, 1, 2], dec!(2.5)));
        cons.push(c(&[3, 4, 5], dec!(3.5)));
        cons.push(c(&[0, 3], dec!(3)));
        cons.push(c(&[1, 4], dec!(1)));
        cons.push(c(&[2, 5], dec!(2)));
        cons.push(c(&[0, 1, 2, 3, 4, 5], dec!(6)));
        let r = solve(&x, &cons).unwrap();
        assert_eq!(r[0] + r[3], 3);
        assert_eq!(r[1] + r[4], 1);
        assert_eq!(r[2] + r[5], 2);
        assert_eq!(r.iter().sum::<i64>(), 6);
    }

    #[test]
    fn a_pin_is_kept_or_the_search_fails() {
        let leaves = [dec!(1.4), dec!(1.4)];
        let mut total = c(&[0, 1], dec!(2.8));
        total.pinned = Some(3);
        let r = solve(
            &leaves,
            &[c(&[0], leaves[0]), c(&[1], leaves[1]), total.clone()],
        )
        .unwrap();
        assert_eq!(r[0] + r[1], 3);
        total.pinned = Some(5);
        assert!(solve(&leaves, &[c(&[0], leaves[0]), c(&[1], leaves[1]), total]).is_none());
    }
}
