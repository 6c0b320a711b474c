//! Template files: the built-in templates and a user folder on top, read and checked before
//! anything is rendered. Templates are edited by hand but still input: only regular files
//! are read, each at most [`MAX_TEMPLATE_BYTES`]; partials may not include each other in a
//! loop nor nest deeper than [`MAX_INCLUDE_DEPTH`]; a file that is neither a template nor
//! used as a partial is a warning. Every error names the file at fault.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use handlebars::template::{Parameter, Template, TemplateElement};

use super::DEFAULTS;
use crate::error::{Error, Result, shown};

/// A template file larger than this is not a template.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
/// Partials including partials, at most this deep.
pub const MAX_INCLUDE_DEPTH: usize = 16;
/// Blocks (`{{#each}}`, `{{#if}}` …) nested at most this deep in one file.
pub const MAX_BLOCK_DEPTH: usize = 64;

/// One template: its name (file name without `.hbs`), source and where it came from.
pub struct Source {
    pub name: String,
    pub text: String,
    pub origin: String,
}

fn template_error(origin: &str, message: impl Into<String>) -> Error {
    Error::Template {
        name: origin.to_owned(),
        message: message.into(),
    }
}

/// The built-in templates with each `*.hbs` file of `user_dir` replacing or adding to
/// them, and warnings about files nothing uses.
pub fn load(user_dir: Option<&Path>) -> Result<(Vec<Source>, Vec<String>)> {
    let mut sources: Vec<Source> = DEFAULTS
        .iter()
        .map(|(name, src)| Source {
            name: name.to_string(),
            text: src.to_string(),
            origin: format!("built-in templates/{name}.hbs"),
        })
        .collect();
    let Some(dir) = user_dir else {
        return Ok((sources, Vec::new()));
    };
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "hbs"))
        .collect();
    files.sort();
    let mut added = Vec::new();
    for path in files {
        let source = read_one(&path)?;
        match sources.iter_mut().find(|s| s.name == source.name) {
            Some(slot) => *slot = source,
            None => {
                added.push(sources.len());
                sources.push(source);
            }
        }
    }
    let graph = includes(&sources)?;
    let used: Vec<&str> = graph.values().flatten().map(String::as_str).collect();
    let warnings = added
        .into_iter()
        .map(|i| &sources[i])
        .filter(|s| !used.contains(&s.name.as_str()))
        .map(|s| {
            format!(
                "{}: no template is named '{}' and none includes it as a partial; ignored (templates: {})",
                s.origin,
                s.name,
                DEFAULTS.iter().map(|d| d.0).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    check_loops(&sources, &graph)?;
    Ok((sources, warnings))
}

/// One user template file: a regular file (a FIFO would hang the build) of bounded size,
/// UTF-8, with blocks nested no deeper than [`MAX_BLOCK_DEPTH`].
fn read_one(path: &Path) -> Result<Source> {
    let origin = shown(path);
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(template_error(
            &origin,
            "not a regular file; a template must be one",
        ));
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(template_error(
            &origin,
            format!(
                "{} KB, larger than a template can be ({} KB)",
                meta.len() >> 10,
                MAX_TEMPLATE_BYTES >> 10
            ),
        ));
    }
    let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut depth = 0usize;
    for (i, _) in text.match_indices("{{") {
        match text[i + 2..].trim_start_matches('~').chars().next() {
            Some('#') => depth += 1,
            Some('/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_BLOCK_DEPTH {
            return Err(template_error(
                &origin,
                format!("blocks nested more than {MAX_BLOCK_DEPTH} deep"),
            ));
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Source { name, text, origin })
}

/// Which partials each template (and each inline partial) includes, by name.
fn includes(sources: &[Source]) -> Result<BTreeMap<String, Vec<String>>> {
    let mut graph = BTreeMap::new();
    for s in sources {
        let t = Template::compile(&s.text).map_err(|e| {
            let at = e
                .pos()
                .map_or(String::new(), |(l, c)| format!(", line {l}, column {c}"));
            template_error(&format!("{}{at}", s.origin), e.reason().to_string())
        })?;
        let mut own = Vec::new();
        collect(&t, &s.origin, &mut own, &mut graph)?;
        graph.entry(s.name.clone()).or_default().extend(own);
    }
    Ok(graph)
}

/// Partial names `t` includes into `out`; inline partials it defines become their own
/// entries of `graph`.
fn collect(
    t: &Template,
    origin: &str,
    out: &mut Vec<String>,
    graph: &mut BTreeMap<String, Vec<String>>,
) -> Result<()> {
    for el in &t.elements {
        match el {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                match &d.name {
                    Parameter::Name(_) | Parameter::Path(_) => {
                        let n = d.name.as_name().unwrap_or_default();
                        if n != "@partial-block" {
                            out.push(n.to_owned());
                        }
                    }
                    Parameter::Literal(v) if v.is_string() => {
                        out.push(v.as_str().unwrap_or_default().to_owned())
                    }
                    _ => {
                        return Err(template_error(
                            origin,
                            "a partial whose name is computed cannot be checked; name it",
                        ));
                    }
                }
                if let Some(inner) = &d.template {
                    collect(inner, origin, out, graph)?;
                }
            }
            TemplateElement::DecoratorBlock(d) if d.name.as_name() == Some("inline") => {
                let name = match d.params.first() {
                    Some(Parameter::Literal(v)) => v.as_str().unwrap_or_default().to_owned(),
                    Some(p) => p.as_name().unwrap_or_default().to_owned(),
                    None => String::new(),
                };
                let mut own = Vec::new();
                if let Some(inner) = &d.template {
                    collect(inner, origin, &mut own, graph)?;
                }
                graph.entry(name).or_default().extend(own);
            }
            TemplateElement::HelperBlock(h) => {
                for inner in h.template.iter().chain(&h.inverse) {
                    collect(inner, origin, out, graph)?;
                }
            }
            TemplateElement::DecoratorBlock(d) => {
                if let Some(inner) = &d.template {
                    collect(inner, origin, out, graph)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Refuse include loops (handlebars would overflow the stack) and chains deeper than
/// [`MAX_INCLUDE_DEPTH`]; the error names the file of the template where the loop starts.
fn check_loops(sources: &[Source], graph: &BTreeMap<String, Vec<String>>) -> Result<()> {
    fn visit<'a>(
        name: &'a str,
        graph: &'a BTreeMap<String, Vec<String>>,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Option<String> {
        if let Some(i) = path.iter().position(|n| *n == name) {
            let mut cycle = path[i..].to_vec();
            cycle.push(name);
            return Some(format!("includes itself: {}", cycle.join(" → ")));
        }
        if path.len() > MAX_INCLUDE_DEPTH {
            return Some(format!(
                "partials nested more than {MAX_INCLUDE_DEPTH} deep: {} …",
                path.join(" → ")
            ));
        }
        if done.contains(&name) {
            return None;
        }
        path.push(name);
        for next in graph.get(name).into_iter().flatten() {
            if let Some(e) = visit(next, graph, path, done) {
                return Some(e);
            }
        }
        path.pop();
        done.push(name);
        None
    }
    let mut done = Vec::new();
    for name in graph.keys() {
        if let Some(e) = visit(name, graph, &mut Vec::new(), &mut done) {
            let culprit = e
                .split(": ")
                .nth(1)
                .and_then(|chain| chain.split(" → ").next())
                .unwrap_or(name);
            let origin = sources.iter().find(|s| s.name == culprit).map_or_else(
                || format!("inline partial '{culprit}'"),
                |s| s.origin.clone(),
            );
            return Err(template_error(&origin, format!("partial '{culprit}' {e}")));
        }
    }
    Ok(())
}
