//! A document's term ids: each term key ([`crate::text::term_key`]) numbered in order of
//! first appearance. Open addressing with linear probing over a table kept at most half
//! full: a lookup is a multiply, a shift and, most of the time, one slot.

/// The id of an empty slot.
const EMPTY: u32 = u32::MAX;

pub(super) struct Vocab {
    /// (key, id); `EMPTY` ids are free slots.
    slots: Vec<(u64, u32)>,
    /// How far a hash is shifted to index the table (64 - log2 of its size).
    shift: u32,
    len: u32,
}

impl Vocab {
    /// A table for about `terms` terms before it grows.
    pub(super) fn with_capacity(terms: usize) -> Self {
        let size = (2 * terms).next_power_of_two().max(16);
        Vocab {
            slots: vec![(0, EMPTY); size],
            shift: 64 - size.trailing_zeros(),
            len: 0,
        }
    }

    /// How many terms have an id.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// The id of `key`: the one it was given, or the next.
    #[inline]
    pub(super) fn id(&mut self, key: u64) -> u32 {
        let mut at = self.slot(key);
        loop {
            let (k, id) = self.slots[at];
            if id == EMPTY {
                break;
            }
            if k == key {
                return id;
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
        let id = self.len;
        self.slots[at] = (key, id);
        self.len += 1;
        if 2 * self.len() > self.slots.len() {
            self.grow();
        }
        id
    }

    /// The slot a key's probe starts at: the top bits of a multiplicative hash.
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Twice the size, every key at its id.
    fn grow(&mut self) {
        let size = 2 * self.slots.len();
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY); size]);
        self.shift -= 1;
        for (key, id) in old.into_iter().filter(|&(_, id)| id != EMPTY) {
            let mut at = self.slot(key);
            while self.slots[at].1 != EMPTY {
                at = (at + 1) & (self.slots.len() - 1);
            }
            self.slots[at] = (key, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    proptest::proptest! {
        #[test]
        fn ids_number_keys_in_order_of_first_appearance(
            keys in proptest::collection::vec(
                proptest::prop_oneof![0u64..40, proptest::num::u64::ANY], 0..300),
            capacity in 0usize..20,
        ) {
            let mut vocab = Vocab::with_capacity(capacity);
            let mut want: FxHashMap<u64, u32> = FxHashMap::default();
            for &key in &keys {
                let n = want.len() as u32;
                let expected = *want.entry(key).or_insert(n);
                proptest::prop_assert_eq!(vocab.id(key), expected);
            }
            proptest::prop_assert_eq!(vocab.len(), want.len());
        }
    }
}
