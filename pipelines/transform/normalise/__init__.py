"""Pure normalisers: one messy form answer in, a code or a reason code out, never a guess."""
