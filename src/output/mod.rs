//! Writing documents out: the JSON contract of the command-line tool.

mod json;

pub use json::{to_json, to_json_value, CharIndex};
