//! Reading Rust source just well enough to list the paths it names.
//!
//! Comments and string or char literals are blanked first (a doc link or an error message may
//! name any layer without depending on it). Then every path is collected as written — `use`
//! trees expanded to one path per item, paths in expressions and attributes, `extern crate`
//! — together with the inline modules (`mod tests { … }`) it sits in, because `super::`
//! inside an inline module means the file's own module, not its parent.

/// One path as written in the source, and the inline modules around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenPath {
    /// `crate::a::b`, `super::super::x`, `sqlx::query`, `::redis::Cmd`, `Row` (from `use x::Row`).
    pub text: String,
    /// Names of the inline `mod name { … }` blocks enclosing it, outermost first.
    pub inline_modules: Vec<String>,
    /// Written in a `use` item (so its last segment is brought into scope).
    pub in_use: bool,
}

/// `source` with comments and the contents of string and char literals replaced by spaces
/// (newlines kept), so positions and braces of the code itself are unchanged.
pub fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0usize;
            loop {
                match (chars.get(i), chars.get(i + 1)) {
                    (Some('/'), Some('*')) => {
                        depth += 1;
                        out.push_str("  ");
                        i += 2;
                    }
                    (Some('*'), Some('/')) => {
                        depth -= 1;
                        out.push_str("  ");
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    }
                    (Some(&other), _) => {
                        out.push(blank(other));
                        i += 1;
                    }
                    (None, _) => break,
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br"…": no escapes; ends at a quote followed by as many hashes.
            let open = chars[i..].iter().position(|&ch| ch == '"').expect("raw string quote") + i;
            for _ in i..=open {
                out.push(' ');
            }
            i = open + 1;
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += 1 + hashes;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let skip = if chars[i] == '\\' { 2 } else { 1 };
                for k in 0..skip {
                    if let Some(&ch) = chars.get(i + k) {
                        out.push(blank(ch));
                    }
                }
                i += skip;
            }
            out.push(' ');
            i += 1;
        } else if c == '\''
            && let Some(len) = char_literal_len(&chars, i)
        {
            for _ in 0..len {
                out.push(' ');
            }
            i += len;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// At `i`, the number of `#`s of a raw string literal that starts here (`r"`, `r#"`, `br"`).
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_ident(chars[i - 1]) {
        return None;
    }
    let start = if chars.get(i) == Some(&'b') { i + 1 } else { i };
    if chars.get(start) != Some(&'r') {
        return None;
    }
    let hashes = chars[start + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(start + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// At a `'`, the length of a char literal (`'x'`, `'\n'`, `'\u{1F600}'`); `None` for a lifetime.
fn char_literal_len(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i + 1)? {
        '\\' => chars.get(i + 3..)?.iter().position(|&c| c == '\'').map(|end| end + 4),
        _ if chars.get(i + 2) == Some(&'\'') => Some(3),
        _ => None,
    }
}

pub fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path `source` names, in order.
pub fn written_paths(source: &str) -> Vec<WrittenPath> {
    let code = code_only(source);
    let mut found = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut record = |paths: Vec<String>, inline: &[(String, usize)], in_use: bool| {
        let inline_modules: Vec<String> = inline.iter().map(|(name, _)| name.clone()).collect();
        found.extend(paths.into_iter().map(|text| WrittenPath {
            text,
            inline_modules: inline_modules.clone(),
            in_use,
        }));
    };
    while i < code.len() {
        let rest = &code[i..];
        let c = rest.chars().next().expect("in bounds");
        if c.is_whitespace() {
            // Blanked comments leave long runs of spaces: skip them without looking back.
            i += c.len_utf8();
            continue;
        }
        let before = code[..i].trim_end();
        let prev = code[..i].chars().next_back();
        match c {
            '{' => {
                if let Some(name) = module_declared_before(before) {
                    inline.push((name, depth));
                }
                depth += 1;
                i += 1;
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, at)| *at == depth) {
                    inline.pop();
                }
                i += 1;
            }
            ':' if rest.starts_with("::")
                && !before.ends_with(|p: char| is_ident(p) || matches!(p, '>' | ':' | ')' | ']')) =>
            {
                // `::sqlx::query(…)`: a path from the extern prelude.
                let mut paths = Vec::new();
                let used = tree(rest, "", &mut paths);
                record(paths, &inline, false);
                i += used.max(2);
            }
            c if (c.is_alphabetic() || c == '_') && !prev.is_some_and(is_ident) && !before.ends_with("::") => {
                let ident: String = rest.chars().take_while(|&ch| is_ident(ch)).collect();
                let after = &rest[ident.len()..];
                if ident == "use" {
                    let mut paths = Vec::new();
                    let used = tree(after, "", &mut paths);
                    record(paths, &inline, true);
                    i += ident.len() + used;
                } else if ident == "extern" && after.trim_start().starts_with("crate ") {
                    let name: String = after.trim_start()["crate ".len()..]
                        .trim_start()
                        .chars()
                        .take_while(|&ch| is_ident(ch))
                        .collect();
                    record(vec![format!("::{name}")], &inline, false);
                    i += ident.len();
                } else if after.starts_with("::") && !after.starts_with("::<") {
                    let mut paths = Vec::new();
                    let used = tree(rest, "", &mut paths);
                    record(paths, &inline, false);
                    i += used;
                } else {
                    i += ident.len();
                }
            }
            _ => i += c.len_utf8(),
        }
    }
    found
}

/// The name in `… mod name` at the end of `before`, when a `{` follows it.
fn module_declared_before(before: &str) -> Option<String> {
    let name_start = before.rfind(|c: char| !is_ident(c)).map_or(0, |p| p + 1);
    let name = &before[name_start..];
    let keyword = before[..name_start].trim_end();
    let is_mod = keyword.ends_with("mod") && !keyword[..keyword.len() - 3].ends_with(is_ident);
    (is_mod && !name.is_empty()).then(|| name.to_owned())
}

/// Reads one path or `use` tree (`a::b::{c, d::e as f, g::*}`) at the start of `text`, adding
/// one path per leaf to `out` (prefixed by `prefix`); returns the bytes it read.
fn tree(text: &str, prefix: &str, out: &mut Vec<String>) -> usize {
    let ws = text.len() - text.trim_start().len();
    let t = &text[ws..];
    if prefix.is_empty() && t.starts_with("::") {
        return ws + 2 + tree(&t[2..], "::", out);
    }
    if let Some(group) = t.strip_prefix('{') {
        let mut at = 0;
        loop {
            at += tree(&group[at..], prefix, out);
            // Skip an `as alias` and whitespace up to the separator.
            let skipped = group[at..].find([',', '}']).unwrap_or(group.len() - at);
            at += skipped;
            match group[at..].chars().next() {
                Some(',') => at += 1,
                Some('}') => return ws + 1 + at + 1,
                _ => return ws + 1 + at,
            }
        }
    }
    let ident: String = t.chars().take_while(|&c| is_ident(c)).collect();
    if ident.is_empty() {
        // `prefix::*` or the end of the path.
        if !prefix.is_empty() && prefix != "::" {
            out.push(prefix.to_owned());
        }
        return ws + usize::from(t.starts_with('*'));
    }
    let joined = match prefix {
        "" => ident.clone(),
        "::" => format!("::{ident}"),
        _ => format!("{prefix}::{ident}"),
    };
    let after = &t[ident.len()..];
    match after.strip_prefix("::").filter(|more| !more.starts_with('<')) {
        Some(more) => ws + ident.len() + 2 + tree(more, &joined, out),
        None => {
            out.push(joined);
            ws + ident.len()
        }
    }
}
