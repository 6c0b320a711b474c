//! digest: a folder of Arabic labour-policy news articles in, a weekly newsletter out.
//!
//! The pipeline runs in stages, one module each, passing plain data:
//! [`ingest`] (files → articles) → [`text`] (sentences, tokens, normalisation) →
//! [`rank`] (TextRank) → [`digest`] (the week's stories) → [`render`] (Markdown, HTML).
//! [`cli`] holds the command line; `main.rs` only maps its result to an exit code.

pub mod cli;
pub mod config;
pub mod digest;
pub mod error;
pub mod gazetteer;
pub mod ingest;
pub mod output;
pub mod rank;
pub mod render;
pub mod send;
pub mod text;
pub mod week;
