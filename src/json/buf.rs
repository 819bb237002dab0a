//! Bounded text and stack storage: growable with `alloc`, fixed arrays without.
//!
//! Both flavours have the same interface, so the tokenizer is written once.
//! `push_*` report `false` instead of growing past the capacity.

#[cfg(not(feature = "alloc"))]
use super::limits::{NO_ALLOC_MAX_DEPTH, NO_ALLOC_MAX_TOKEN_LEN, NO_ALLOC_PATH_KEY_BYTES};

/// Decoded escapes, and the plain text between them, are gathered into one
/// fragment of up to this many bytes: escape-dense text then costs one event
/// per 2 KiB (an event, and re-entering the string after it, cost far more
/// than gathering an escape), for one allocation of that size, made the
/// first time a string has an escape.
#[cfg(feature = "alloc")]
pub(crate) const SCRATCH_BYTES: usize = 2048;
/// Decoded escapes, and the plain text between them, are gathered into one
/// fragment of up to this many bytes.
#[cfg(not(feature = "alloc"))]
pub(crate) const SCRATCH_BYTES: usize = 128;

#[cfg(feature = "alloc")]
mod imp {
    use alloc::string::String;
    use alloc::vec::Vec;

    /// Text that only ever grows by whole `&str`s, so it is always UTF-8.
    #[derive(Debug, Clone, Default)]
    pub(crate) struct TextBuf<const CAP: usize> {
        text: String,
    }

    impl<const CAP: usize> TextBuf<CAP> {
        #[inline]
        pub(crate) fn as_str(&self) -> &str {
            &self.text
        }

        #[inline]
        pub(crate) fn len(&self) -> usize {
            self.text.len()
        }

        #[inline]
        pub(crate) fn is_empty(&self) -> bool {
            self.text.is_empty()
        }

        #[inline]
        pub(crate) fn clear(&mut self) {
            self.text.clear();
        }

        /// Cuts back to an earlier length (one this buffer reported).
        #[inline]
        pub(crate) fn truncate(&mut self, len: usize) {
            if self.text.is_char_boundary(len) {
                self.text.truncate(len);
            }
        }

        #[inline]
        pub(crate) fn push_str(&mut self, text: &str) -> bool {
            if CAP - self.text.len() < text.len() {
                return false;
            }
            self.text.push_str(text);
            true
        }

        /// Appends one ASCII byte (`byte < 0x80`, which callers guarantee).
        #[inline]
        pub(crate) fn push_ascii(&mut self, byte: u8) -> bool {
            if self.text.len() >= CAP {
                return false;
            }
            // The mask tells the compiler the character is one byte long.
            self.text.push(char::from(byte & 0x7F));
            true
        }

        #[inline]
        pub(crate) fn push_char(&mut self, c: char) -> bool {
            if CAP - self.text.len() < c.len_utf8() {
                return false;
            }
            self.text.push(c);
            true
        }

        /// Gives a small bounded buffer its whole capacity, once: then it
        /// never grows again, whatever the text (one allocation for its
        /// lifetime). Called where a text starts, not on every push.
        #[inline]
        pub(crate) fn reserve_full(&mut self) {
            if CAP <= SMALL_CAP && self.text.capacity() < CAP {
                self.text.reserve_exact(CAP - self.text.len());
            }
        }
    }

    /// Bounded buffers up to this capacity are allocated whole.
    const SMALL_CAP: usize = 4096;

    impl<const CAP: usize> TextBuf<CAP> {}

    /// A stack of copyable entries.
    #[derive(Debug, Clone, Default)]
    pub(crate) struct Stack<T: Copy + Default> {
        items: Vec<T>,
    }

    impl<T: Copy + Default> Stack<T> {
        #[inline]
        pub(crate) fn as_slice(&self) -> &[T] {
            &self.items
        }

        #[inline]
        pub(crate) fn last_mut(&mut self) -> Option<&mut T> {
            self.items.last_mut()
        }

        #[inline]
        pub(crate) fn push(&mut self, item: T) -> bool {
            self.items.push(item);
            true
        }

        #[inline]
        pub(crate) fn pop(&mut self) -> Option<T> {
            self.items.pop()
        }

        #[inline]
        pub(crate) fn clear(&mut self) {
            self.items.clear();
        }
    }

    /// Keys along the path: bounded by the depth and token limits instead.
    pub(crate) type PathKeys = TextBuf<{ usize::MAX }>;
    /// A key or number split across chunks: bounded by the token limit instead.
    pub(crate) type TokenText = TextBuf<{ usize::MAX }>;
}

#[cfg(not(feature = "alloc"))]
mod imp {
    /// Fixed-capacity text that only ever grows by whole `&str`s.
    #[derive(Debug, Clone)]
    pub(crate) struct TextBuf<const CAP: usize> {
        bytes: [u8; CAP],
        len: usize,
    }

    impl<const CAP: usize> Default for TextBuf<CAP> {
        fn default() -> Self {
            TextBuf {
                bytes: [0; CAP],
                len: 0,
            }
        }
    }

    impl<const CAP: usize> TextBuf<CAP> {
        /// Without `alloc` (and without `unsafe`) the bytes are checked again
        /// to be viewed as `str`; they are whole `&str`s, so this cannot fail,
        /// and the buffers are at most a few hundred bytes.
        #[inline]
        pub(crate) fn as_str(&self) -> &str {
            let bytes = self.bytes.get(..self.len).unwrap_or(&[]);
            core::str::from_utf8(bytes).unwrap_or_default()
        }

        #[inline]
        pub(crate) fn len(&self) -> usize {
            self.len
        }

        #[inline]
        pub(crate) fn is_empty(&self) -> bool {
            self.len == 0
        }

        #[inline]
        pub(crate) fn clear(&mut self) {
            self.len = 0;
        }

        #[inline]
        pub(crate) fn truncate(&mut self, len: usize) {
            self.len = self.len.min(len);
        }

        #[inline]
        pub(crate) fn push_str(&mut self, text: &str) -> bool {
            let end = self.len + text.len();
            match self.bytes.get_mut(self.len..end) {
                Some(dst) => {
                    dst.copy_from_slice(text.as_bytes());
                    self.len = end;
                    true
                }
                None => false,
            }
        }

        /// Appends one ASCII byte (`byte < 0x80`, which callers guarantee).
        #[inline]
        pub(crate) fn push_ascii(&mut self, byte: u8) -> bool {
            match self.bytes.get_mut(self.len) {
                Some(slot) => {
                    // Masked as in the growable flavour: the text stays UTF-8.
                    *slot = byte & 0x7F;
                    self.len += 1;
                    true
                }
                None => false,
            }
        }

        /// The capacity is fixed: nothing to do.
        #[inline]
        pub(crate) fn reserve_full(&mut self) {}

        #[inline]
        pub(crate) fn push_char(&mut self, c: char) -> bool {
            let mut utf8 = [0; 4];
            self.push_str(c.encode_utf8(&mut utf8))
        }
    }

    /// A fixed-capacity stack of copyable entries.
    #[derive(Debug, Clone)]
    pub(crate) struct Stack<T: Copy + Default> {
        items: [T; super::NO_ALLOC_MAX_DEPTH],
        len: usize,
    }

    impl<T: Copy + Default> Default for Stack<T> {
        fn default() -> Self {
            Stack {
                items: [T::default(); super::NO_ALLOC_MAX_DEPTH],
                len: 0,
            }
        }
    }

    impl<T: Copy + Default> Stack<T> {
        #[inline]
        pub(crate) fn as_slice(&self) -> &[T] {
            self.items.get(..self.len).unwrap_or(&[])
        }

        #[inline]
        pub(crate) fn last_mut(&mut self) -> Option<&mut T> {
            match self.len.checked_sub(1) {
                Some(last) => self.items.get_mut(last),
                None => None,
            }
        }

        #[inline]
        pub(crate) fn push(&mut self, item: T) -> bool {
            match self.items.get_mut(self.len) {
                Some(slot) => {
                    *slot = item;
                    self.len += 1;
                    true
                }
                None => false,
            }
        }

        #[inline]
        pub(crate) fn pop(&mut self) -> Option<T> {
            let last = self.len.checked_sub(1)?;
            self.len = last;
            self.items.get(last).copied()
        }

        #[inline]
        pub(crate) fn clear(&mut self) {
            self.len = 0;
        }
    }

    pub(crate) type PathKeys = TextBuf<{ super::NO_ALLOC_PATH_KEY_BYTES }>;
    pub(crate) type TokenText = TextBuf<{ super::NO_ALLOC_MAX_TOKEN_LEN }>;
}

pub(crate) use imp::{PathKeys, Stack, TextBuf, TokenText};

/// Decoded escapes (and characters split across chunks) of a string value.
pub(crate) type ScratchText = TextBuf<SCRATCH_BYTES>;
