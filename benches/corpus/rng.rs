//! A tiny deterministic generator, so every corpus is the same on every run
//! without an RNG dependency.

/// xorshift64* (Vigna): good enough to vary lengths and pick words.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        // A zero state would stay zero forever.
        XorShift(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-enough value in `0..bound` (`bound > 0`).
    pub fn below(&mut self, bound: usize) -> usize {
        // Top bits of xorshift* are the best ones.
        ((self.next_u64() >> 32) % bound as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}
