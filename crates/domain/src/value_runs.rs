//! A day's values of one measure in one group, kept sorted and packed
//! (docs/METRICS.md): reports read the runs of the days they cover and take
//! exact percentiles of their union, so their cost follows the days and
//! groups shown, not a sort of every ticket behind them.
//!
//! A run is the first value (zigzag varint) followed by the differences
//! between neighbours (varints): sorted durations pack into a byte or two
//! each.

use crate::Millis;

/// A stored run that does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a stored run of values is damaged")]
pub struct DamagedRun;

/// Packs values (sorted here; the caller's order does not matter).
pub fn encode(values: &mut [Millis]) -> Vec<u8> {
    values.sort_unstable();
    let mut out = Vec::with_capacity(values.len() * 2);
    let mut previous = None;
    for &v in values.iter() {
        match previous {
            None => put(&mut out, zigzag(v)),
            // Sorted: the difference is never negative.
            Some(p) => put(&mut out, v.wrapping_sub(p) as u64),
        }
        previous = Some(v);
    }
    out
}

/// Appends the values of a packed run to `out`.
pub fn decode_into(bytes: &[u8], out: &mut Vec<Millis>) -> Result<(), DamagedRun> {
    let mut at = 0;
    let mut previous: Option<Millis> = None;
    while at < bytes.len() {
        let raw = take(bytes, &mut at)?;
        let v = match previous {
            None => unzigzag(raw),
            Some(p) => p.wrapping_add(raw as i64),
        };
        out.push(v);
        previous = Some(v);
    }
    Ok(())
}

/// The 1-based ranks, of `n` sorted values, whose values interpolate the
/// `p`th percentile: the floor and the ceiling of `p/100 · (n − 1)`, plus
/// one (linear interpolation between the closest ranks).
pub fn percentile_ranks(n: i64, p: i64) -> (i64, i64) {
    let scaled = (n - 1) * p;
    (scaled / 100 + 1, (scaled + 99) / 100 + 1)
}

/// The values at the ranks the percentiles `percents` need, as
/// `(rank, value)`, chosen without sorting everything.
pub fn ranked_values(values: &mut [Millis], percents: &[i64]) -> Vec<(i64, Millis)> {
    let n = values.len() as i64;
    if n == 0 {
        return vec![];
    }
    let mut ranks: Vec<i64> = percents
        .iter()
        .flat_map(|p| {
            let (lo, hi) = percentile_ranks(n, (*p).clamp(0, 100));
            [lo, hi]
        })
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    // Each selection leaves the values above its rank to the right, so the
    // next (higher) rank is searched among those only.
    let mut start = 0usize;
    let mut out = Vec::with_capacity(ranks.len());
    for rank in ranks {
        let index = (rank - 1) as usize;
        let (_, value, _) = values[start..].select_nth_unstable(index - start);
        out.push((rank, *value));
        start = index;
    }
    out
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn take(bytes: &[u8], at: &mut usize) -> Result<u64, DamagedRun> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at).ok_or(DamagedRun)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(DamagedRun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::percentile;

    #[test]
    fn runs_round_trip_in_order_with_negatives_and_extremes() {
        let mut values = vec![5_000, -3, 0, 86_400_000, 5_000, i64::MAX / 4, 1];
        let packed = encode(&mut values);
        let mut back = vec![];
        decode_into(&packed, &mut back).unwrap();
        assert_eq!(back, vec![-3, 0, 1, 5_000, 5_000, 86_400_000, i64::MAX / 4]);
    }

    #[test]
    fn small_gaps_pack_into_a_byte_each() {
        let mut values: Vec<i64> = (0..1000).map(|i| 60_000 + i * 100).collect();
        assert!(encode(&mut values).len() < 1000 * 2 + 4);
    }

    #[test]
    fn an_empty_run_is_empty_and_a_cut_run_is_damaged() {
        let mut none: Vec<i64> = vec![];
        assert!(encode(&mut none).is_empty());
        let mut out = vec![];
        decode_into(&[], &mut out).unwrap();
        assert!(out.is_empty());
        let packed = encode(&mut [1, 1_000_000]);
        assert_eq!(
            decode_into(&packed[..packed.len() - 1], &mut out),
            Err(DamagedRun)
        );
    }

    #[test]
    fn merged_runs_give_the_percentiles_of_all_values() {
        // Three days' runs of a group: their union's percentiles equal the
        // percentiles of the values taken together.
        let days: Vec<Vec<i64>> = vec![
            vec![90, 10, 40, 70],
            vec![5, 500, 55],
            vec![33, 1, 1, 2, 8_000, 71],
        ];
        let mut merged = vec![];
        for day in &days {
            decode_into(&encode(&mut day.clone()), &mut merged).unwrap();
        }
        let n = merged.len() as i64;
        let picked = ranked_values(&mut merged, &[50, 90]);
        let mut all: Vec<i64> = days.concat();
        for p in [50, 90] {
            let (lo, hi) = percentile_ranks(n, p);
            let at = |r: i64| picked.iter().find(|(rank, _)| *rank == r).unwrap().1;
            let weight = ((n - 1) * p % 100) as f64 / 100.0;
            let value = at(lo) as f64 + (at(hi) - at(lo)) as f64 * weight;
            let expected = percentile(&mut all, p as f64).unwrap();
            assert!(
                (value - expected).abs() < 1e-6,
                "p{p}: {value} vs {expected}"
            );
        }
    }

    #[test]
    fn ranks_cover_both_ends() {
        assert_eq!(percentile_ranks(1, 90), (1, 1));
        assert_eq!(percentile_ranks(11, 90), (10, 10));
        assert_eq!(percentile_ranks(12, 90), (10, 11));
        let mut one = vec![7];
        assert_eq!(ranked_values(&mut one, &[0, 50, 100]), vec![(1, 7)]);
        assert!(ranked_values(&mut [], &[50]).is_empty());
    }
}
