//! Printing exact amounts. Nothing here rounds: rounding for publication happens once, at the
//! edge, in the renderers.

use rust_decimal::Decimal;

/// An exact amount as text with at least two decimals and no trailing zeros beyond them:
/// 506500 → "506500.00", 0.125 → "0.125".
pub fn exact(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() < 2 {
        format!("{n:.2}")
    } else {
        n.to_string()
    }
}

/// `+0.01` / `-0.01`: a difference with its sign.
pub fn signed(d: Decimal) -> String {
    if d.is_sign_negative() {
        exact(d)
    } else {
        format!("+{}", exact(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_amounts_keep_every_digit() {
        assert_eq!(exact(dec!(506500)), "506500.00");
        assert_eq!(exact(dec!(50.65)), "50.65");
        assert_eq!(exact(dec!(8.6)), "8.60");
        assert_eq!(exact(dec!(0.125)), "0.125");
        assert_eq!(exact(dec!(42.0500)), "42.05");
        assert_eq!(exact(dec!(-0.1)), "-0.10");
        assert_eq!(signed(dec!(0.01)), "+0.01");
        assert_eq!(signed(dec!(-5)), "-5.00");
    }
}
