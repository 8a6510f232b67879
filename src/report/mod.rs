//! Output formats, one file each. Rules never format; renderers never lint.

pub mod pretty;
