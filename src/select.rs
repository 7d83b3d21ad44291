//! Selection and table reads without a branch per item.
//!
//! On varied text, whether a token is capitalised, known, a particle or a
//! number changes from token to token, so a scan that tests each token
//! and skips most of them is a branch the processor often guesses wrong
//! (on the benchmark corpus that cost as much time as the instructions).
//! These helpers write every candidate and keep it by counting it, so the
//! only branch is the loop's; the scans then visit what was kept. Tables
//! read by word id end in an entry for every word they do not list, and
//! an id past the end is clamped to it rather than tested.

/// Fills `out` with the indexes in `0..n` for which `keep` holds, in
/// order, without a branch per index: each index is written at the end of
/// the list, and the list grows by one when `keep` holds.
#[inline]
pub(crate) fn indexes_where(out: &mut Vec<u32>, n: usize, mut keep: impl FnMut(usize) -> bool) {
    out.clear();
    out.resize(n + 1, 0);
    let mut count = 0;
    for i in 0..n {
        out[count] = i as u32;
        count += usize::from(keep(i));
    }
    out.truncate(count);
}

/// [`Vec::retain`] without a branch per item, for items that are cheap
/// to copy.
#[inline]
pub(crate) fn retain_where<T: Copy>(v: &mut Vec<T>, mut keep: impl FnMut(&T) -> bool) {
    let mut count = 0;
    for k in 0..v.len() {
        let item = v[k];
        v[count] = item;
        count += usize::from(keep(&item));
    }
    v.truncate(count);
}

/// `table[i]`, or the table's last entry (which stands for every index
/// past the end) when `i` is past the end; `empty` for an empty table.
#[inline]
pub(crate) fn clamped<T: Copy>(table: &[T], i: usize, empty: T) -> T {
    table
        .get(i.min(table.len().saturating_sub(1)))
        .copied()
        .unwrap_or(empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_same_as_filtering(bits in proptest::collection::vec(proptest::bool::ANY, 0..200)) {
            let mut out = vec![7, 7, 7];
            indexes_where(&mut out, bits.len(), |i| bits[i]);
            let want: Vec<u32> = (0..bits.len() as u32).filter(|&i| bits[i as usize]).collect();
            proptest::prop_assert_eq!(&out, &want);
            let mut v: Vec<u32> = (0..bits.len() as u32).collect();
            retain_where(&mut v, |&i| bits[i as usize]);
            proptest::prop_assert_eq!(v, want);
        }

        #[test]
        fn clamped_reads_the_last_entry_past_the_end(len in 0usize..5, i in 0usize..10) {
            let table: Vec<usize> = (10..10 + len).collect();
            let want = if len == 0 { 99 } else { 10 + i.min(len - 1) };
            proptest::prop_assert_eq!(clamped(&table, i, 99), want);
        }
    }
}
