//! Wording rules of 第二部分: one formatter for amounts, one for percentages, shares of a whole
//! that sum to 100.00%, and the change phrase against the prior year. Every number in the
//! explanation goes through here; the templates only place the words.

use rust_decimal::{Decimal, RoundingStrategy};

/// 万元 with exactly two decimals, rounded half away from zero: 8.6 → "8.60".
pub fn wan(d: Decimal) -> String {
    format!(
        "{:.2}",
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// A percentage with exactly two decimals and its sign: 15.72 → "15.72%".
pub fn percent(p: Decimal) -> String {
    format!("{}%", wan(p))
}

/// part ÷ whole × 100, rounded once, half away from zero. `None` when the whole is zero.
pub fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some(
        (part * Decimal::ONE_HUNDRED / whole)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// Shares of one whole, printed so that they sum to exactly 100.00%: each share is its exact
/// value rounded down to 0.01%, then the hundredths still missing go to the largest remainders
/// (ties to the earlier part), so each printed share stays within 0.01% of its exact value.
/// Parts are non-negative; a zero part gets 0.00. Empty when the whole is zero.
pub fn shares(parts: &[Decimal]) -> Vec<Decimal> {
    let whole: Decimal = parts.iter().sum();
    if whole.is_zero() {
        return Vec::new();
    }
    let hundredth = Decimal::new(1, 2);
    let exact: Vec<Decimal> = parts
        .iter()
        .map(|p| *p * Decimal::ONE_HUNDRED / whole)
        .collect();
    let mut printed: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(2, RoundingStrategy::ToZero))
        .collect();
    let missing = ((Decimal::ONE_HUNDRED - printed.iter().sum::<Decimal>()) / hundredth).round();
    let mut order: Vec<usize> = (0..parts.len()).filter(|i| !parts[*i].is_zero()).collect();
    order.sort_by(|a, b| {
        (exact[*b] - printed[*b])
            .cmp(&(exact[*a] - printed[*a]))
            .then(a.cmp(b))
    });
    let missing = usize::try_from(i64::try_from(missing).unwrap_or(0).max(0)).unwrap_or(0);
    for i in order.into_iter().take(missing) {
        printed[i] += hundredth;
    }
    printed
}

/// How a figure changed against the prior year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// 增加 amount, 增长 percent.
    Up { amount: Decimal, percent: Decimal },
    /// 减少 amount, 下降 percent.
    Down { amount: Decimal, percent: Decimal },
    /// 与上年持平.
    Same,
    /// The prior year had no such budget (zero): no percentage.
    New { amount: Decimal },
}

impl Change {
    /// Growth = change ÷ prior year (never ÷ current year).
    pub fn between(current: Decimal, prior: Decimal) -> Change {
        let diff = current - prior;
        if diff.is_zero() {
            return Change::Same;
        }
        if prior.is_zero() {
            return Change::New { amount: diff.abs() };
        }
        let percent = share(diff.abs(), prior.abs()).unwrap_or_default();
        if diff > Decimal::ZERO {
            Change::Up {
                amount: diff,
                percent,
            }
        } else {
            Change::Down {
                amount: -diff,
                percent,
            }
        }
    }

    pub fn is_same(&self) -> bool {
        *self == Change::Same
    }

    /// 增加6.88万元，增长15.72% / 减少2.00万元，下降10.00% / 与上年持平 /
    /// 增加5.00万元（上年无此项预算）.
    pub fn phrase(&self) -> String {
        match self {
            Change::Up { amount, percent: p } => {
                format!("增加{}万元，增长{}", wan(*amount), percent(*p))
            }
            Change::Down { amount, percent: p } => {
                format!("减少{}万元，下降{}", wan(*amount), percent(*p))
            }
            Change::Same => "与上年持平".to_string(),
            Change::New { amount } => format!("增加{}万元（上年无此项预算）", wan(*amount)),
        }
    }
}

/// Residue that must never appear in a published document (defects.md #10, #11): template
/// words, "增加0万元", amounts without two decimals, percentages without two decimals.
/// Returns each offending snippet.
pub fn lint(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for bad in [
        "增加/减少",
        "增加（减少）",
        "增加(减少)",
        "增长/下降",
        "{{",
        "}}",
        "{%",
        "%}",
    ] {
        if text.contains(bad) {
            found.push(bad.to_string());
        }
    }
    let chars: Vec<char> = text.chars().collect();
    // Walk every number in the text and look at what follows it.
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        let decimals = number.split('.').nth(1).map(str::len);
        let before: String = chars[start.saturating_sub(2)..start].iter().collect();
        // A threshold such as 单价50万元以上 is a rule, not an amount.
        let threshold = rest.ends_with("以上") || rest.ends_with("以下");
        if rest.starts_with("万元") && decimals != Some(2) && !threshold {
            found.push(format!("{number}万元"));
        }
        if rest.starts_with('%') && decimals != Some(2) {
            found.push(format!("{number}%"));
        }
        if (before.ends_with("增加") || before.ends_with("减少"))
            && number.trim_matches(['0', '.']).is_empty()
        {
            found.push(format!("{before}{number}"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_always_have_two_decimals() {
        assert_eq!(wan(dec!(8.6)), "8.60");
        assert_eq!(wan(dec!(50.65)), "50.65");
        assert_eq!(wan(dec!(0)), "0.00");
        assert_eq!(
            wan(dec!(2.665)),
            "2.67",
            "half away from zero, not banker's"
        );
        assert_eq!(wan(dec!(2.675)), "2.68");
    }

    #[test]
    fn shares_of_the_seed() {
        assert_eq!(share(dec!(42.05), dec!(50.65)), Some(dec!(83.02)));
        assert_eq!(share(dec!(8.60), dec!(50.65)), Some(dec!(16.98)));
        assert_eq!(share(dec!(38.49), dec!(42.05)), Some(dec!(91.53)));
        assert_eq!(share(dec!(3.56), dec!(42.05)), Some(dec!(8.47)));
        assert_eq!(share(dec!(1), dec!(0)), None);
    }

    #[test]
    fn shares_sum_to_one_hundred_by_largest_remainder() {
        // Three equal thirds: 33.33 × 3 = 99.99 by plain rounding.
        let s = shares(&[dec!(1), dec!(1), dec!(1)]);
        assert_eq!(s.iter().copied().sum::<Decimal>(), dec!(100.00));
        assert_eq!(s, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        // 1/6 + 1/6 + 4/6: 16.666…, 16.666…, 66.666… → plain 16.67 + 16.67 + 66.67 = 100.01.
        let s = shares(&[dec!(1), dec!(1), dec!(4)]);
        assert_eq!(s.iter().copied().sum::<Decimal>(), dec!(100.00));
        for (p, e) in s.iter().zip([dec!(16.6667), dec!(16.6667), dec!(66.6667)]) {
            assert!((*p - e).abs() < dec!(0.01));
        }
        assert_eq!(
            shares(&[dec!(42.05), dec!(8.60)]),
            vec![dec!(83.02), dec!(16.98)]
        );
        assert_eq!(
            shares(&[dec!(50.65), dec!(0)]),
            vec![dec!(100.00), dec!(0.00)]
        );
        assert!(shares(&[dec!(0), dec!(0)]).is_empty());
    }

    #[test]
    fn growth_is_against_the_prior_year() {
        let c = Change::between(dec!(50.65), dec!(43.77));
        assert_eq!(
            c,
            Change::Up {
                amount: dec!(6.88),
                percent: dec!(15.72)
            }
        );
        assert_eq!(c.phrase(), "增加6.88万元，增长15.72%");
        // Not 6.88 ÷ 50.65 = 13.58% (growth on the current year).
        assert_ne!(c.phrase(), "增加6.88万元，增长13.58%");
    }

    #[test]
    fn decrease_zero_and_new_items() {
        assert_eq!(
            Change::between(dec!(8), dec!(10)).phrase(),
            "减少2.00万元，下降20.00%"
        );
        assert_eq!(Change::between(dec!(0), dec!(0)).phrase(), "与上年持平");
        assert_eq!(Change::between(dec!(3.5), dec!(3.5)).phrase(), "与上年持平");
        assert_eq!(
            Change::between(dec!(5), dec!(0)).phrase(),
            "增加5.00万元（上年无此项预算）"
        );
        assert_eq!(
            Change::between(dec!(0), dec!(4)).phrase(),
            "减少4.00万元，下降100.00%"
        );
    }

    #[test]
    fn lint_finds_the_seed_defects() {
        assert!(
            lint("项目支出 8.6 万元").is_empty(),
            "spaces: the lint reads compact text"
        );
        assert_eq!(lint("项目支出8.6万元"), vec!["8.6万元"]);
        assert_eq!(lint("占100%"), vec!["100%"]);
        assert_eq!(
            lint("预算数比2023年增加/减少0万元"),
            vec!["增加/减少", "0万元", "减少0"]
        );
        assert_eq!(lint("政府性基金收支预算增加0.00万元"), vec!["增加0.00"]);
        assert!(lint("收入增加6.88万元，增长15.72%，占83.02%").is_empty());
        assert!(lint("2024年收入总计50.65万元").is_empty());
        assert!(
            lint("单价50万元以上通用设备").is_empty(),
            "a threshold is no amount"
        );
    }
}
