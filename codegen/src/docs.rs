//! Documentation: turning the HTML of Smithy `documentation` traits into
//! Markdown that rustdoc renders cleanly.
//!
//! AWS models carry docs as HTML fragments (`<p>`, `<code>`, `<a>`, `<ul>`,
//! `<note>`, entities, ...) that are often sloppy: unclosed tags, stray `<`
//! or `&`, bare URLs, `[REQUIRED]`-style brackets. rustdoc reads Markdown and
//! its lints (`bare_urls`, `invalid_html_tags`, `broken_intra_doc_links`) fire
//! on HTML-ish text, so the fragment is parsed leniently into a small tree,
//! rendered into Markdown blocks, and every character of plain text that
//! Markdown could misread is escaped.
//!
//! Every function here is total: any input, including malformed HTML,
//! yields some output and never panics.

use std::mem::take;
use std::slice;

/// Nesting deeper than this is flattened: it bounds recursion on hostile input.
const MAX_DEPTH: usize = 64;

/// Turns AWS documentation HTML into Markdown lines that rustdoc renders cleanly.
///
/// The lines are joined with `\n`; there are no trailing spaces, no leading or
/// trailing blank lines and never two blank lines in a row. Empty or
/// whitespace-only input gives an empty string.
pub fn html_to_markdown(html: &str) -> String {
    doc_lines(html).join("\n")
}

/// The lines of a doc comment for `html`, each to be emitted as `#[doc = " line"]`.
///
/// Lines are Markdown without `\n` or trailing whitespace; an empty string is
/// a paragraph break (emit it as `#[doc = ""]`). Empty input gives no lines.
pub fn doc_lines(html: &str) -> Vec<String> {
    let tokens = tokenize(html);
    let blocks = if tokens.iter().all(|t| matches!(t, Token::Text(_))) {
        plain_text_blocks(&tokens)
    } else {
        walk(&build_tree(tokens).children)
    };
    let mut lines = Vec::new();
    emit(&blocks, false, &mut lines);
    tidy(lines)
}

/// Docs without any tag are plain text, where a blank line is the only way to
/// write a paragraph break, so honour it there (in HTML it is just whitespace).
fn plain_text_blocks(tokens: &[Token]) -> Vec<Block> {
    let mut text = String::new();
    for token in tokens {
        if let Token::Text(t) = token {
            text.push_str(t);
        }
    }
    let mut walker = Walker::default();
    let mut para = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            walker.inline.text(&para, true);
            walker.flush();
            para.clear();
        } else {
            para.push_str(line);
            para.push('\n');
        }
    }
    walker.inline.text(&para, true);
    walker.finish()
}

/// Final safety net for the output invariants, whatever the renderer did.
fn tidy(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.trim_end().to_string();
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------------------
// Tokenizing and tree building
// ---------------------------------------------------------------------------

/// One piece of the HTML fragment; text is already entity-decoded.
#[derive(Debug)]
enum Token {
    Text(String),
    Start { name: String, attrs: Vec<(String, String)>, self_closing: bool },
    End(String),
}

/// Splits `html` into tokens. Anything that is not a well-formed tag (a `<`
/// before a space, a tag without its `>`, an unterminated quote) stays text,
/// as browsers would show it.
fn tokenize(html: &str) -> Vec<Token> {
    let bytes = html.as_bytes();
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let Some((token, end)) = markup_at(html, i) else {
            i += 1;
            continue;
        };
        push_text(&mut tokens, &html[text_start..i]);
        if let Some(token) = token {
            tokens.push(token);
        }
        i = end;
        text_start = end;
    }
    push_text(&mut tokens, &html[text_start..]);
    tokens
}

/// Adds decoded text, merging with a text token just before (split by a comment).
fn push_text(tokens: &mut Vec<Token>, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let text = decode_entities(raw);
    if let Some(Token::Text(prev)) = tokens.last_mut() {
        prev.push_str(&text);
    } else {
        tokens.push(Token::Text(text));
    }
}

/// Markup starting at the `<` at byte `i`: the token (none for comments and
/// declarations) and the byte just past it, or `None` if the `<` is text.
fn markup_at(html: &str, i: usize) -> Option<(Option<Token>, usize)> {
    let rest = html.get(i..)?;
    if let Some(body) = rest.strip_prefix("<!--") {
        return body.find("-->").map(|p| (None, i + 4 + p + 3));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return rest.find('>').map(|p| (None, i + p + 1));
    }
    parse_tag(html, i).map(|(token, end)| (Some(token), end))
}

/// Parses a start or end tag at the `<` at byte `start`.
fn parse_tag(html: &str, start: usize) -> Option<(Token, usize)> {
    let b = html.as_bytes();
    let len = b.len();
    let mut i = start + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while i < len && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_' | b':' | b'.')) {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < len && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => break,
            b'/' => {
                i += 1;
                if b.get(i) == Some(&b'>') {
                    let token =
                        if closing { Token::End(name) } else { Token::Start { name, attrs, self_closing: true } };
                    return Some((token, i + 1));
                }
            }
            _ => {
                // Always consume one byte so that odd input (`<a =x>`) makes progress;
                // stops are ASCII, so slices stay on character boundaries.
                let attr_start = i;
                i += 1;
                while i < len && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                    i += 1;
                }
                let attr = html[attr_start..i].to_ascii_lowercase();
                while i < len && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let mut value = String::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    while i < len && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    let quote = *b.get(i)?;
                    if quote == b'"' || quote == b'\'' {
                        let end = i + 1 + html[i + 1..].find(quote as char)?;
                        value = decode_entities(&html[i + 1..end]);
                        i = end + 1;
                    } else {
                        let value_start = i;
                        while i < len && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = decode_entities(&html[value_start..i]);
                    }
                }
                attrs.push((attr, value));
            }
        }
    }
    let token = if closing { Token::End(name) } else { Token::Start { name, attrs, self_closing: false } };
    Some((token, i + 1))
}

/// A node of the parsed fragment.
#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

/// An element with lowercase name and entity-decoded attribute values.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Elements that never have content, so they are never left open.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr"
            | "img"
            | "wbr"
            | "input"
            | "meta"
            | "link"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "param"
            | "source"
            | "track"
    )
}

/// Builds a tree from tokens, repairing what browsers repair: a new `<li>`
/// closes the open one, unmatched end tags are ignored, unclosed elements
/// end with the input. The root is a nameless element.
fn build_tree(tokens: Vec<Token>) -> Element {
    let mut stack = vec![Element::default()];
    for token in tokens {
        match token {
            Token::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(t));
                }
            }
            Token::Start { name, attrs, self_closing } => {
                match name.as_str() {
                    "li" => close_implied(&mut stack, &["li"], &["ul", "ol", "dl"]),
                    "dt" | "dd" => close_implied(&mut stack, &["dt", "dd"], &["dl", "ul", "ol"]),
                    _ => {}
                }
                let leaf = self_closing || is_void(&name);
                let element = Element { name, attrs, children: Vec::new() };
                if leaf {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Element(element));
                    }
                } else if stack.len() <= MAX_DEPTH {
                    stack.push(element);
                }
                // Deeper than MAX_DEPTH: the tag is dropped, its content kept.
            }
            Token::End(name) => match stack.iter().rposition(|e| e.name == name) {
                Some(pos) if pos > 0 => close_to(&mut stack, pos),
                // Browsers read a stray `</p>` as an empty paragraph and `</br>` as `<br>`.
                _ if name == "p" || name == "br" => {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Element(Element { name, ..Element::default() }));
                    }
                }
                _ => {}
            },
        }
    }
    close_to(&mut stack, 1);
    stack.pop().unwrap_or_default()
}

/// Closes the innermost element named in `closes` unless one in `scope` is nearer.
fn close_implied(stack: &mut Vec<Element>, closes: &[&str], scope: &[&str]) {
    let nearest = stack.iter().rposition(|e| closes.contains(&e.name.as_str()) || scope.contains(&e.name.as_str()));
    if let Some(pos) = nearest {
        if pos > 0 && closes.contains(&stack[pos].name.as_str()) {
            close_to(stack, pos);
        }
    }
}

/// Closes every open element at index `pos` or above (never the root).
fn close_to(stack: &mut Vec<Element>, pos: usize) {
    while stack.len() > pos.max(1) {
        let Some(element) = stack.pop() else { break };
        if let Some(parent) = stack.last_mut() {
            parent.children.push(Node::Element(element));
        }
    }
}

/// Decodes HTML character references; anything that is not one stays as is.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        match entity(after) {
            Some((c, len)) => {
                out.push(c);
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character referenced right after an `&` and the bytes it took.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let digits = b
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
            .count();
        if digits == 0 {
            return None;
        }
        let end = start + digits;
        let radix = if hex { 16 } else { 10 };
        // Out-of-range, surrogate and NUL references become U+FFFD, as in HTML.
        let c = s
            .get(start..end)
            .filter(|d| d.len() <= 8)
            .and_then(|d| u32::from_str_radix(d, radix).ok())
            .and_then(char::from_u32)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        let len = if b.get(end) == Some(&b';') { end + 1 } else { end };
        return Some((c, len));
    }
    let n = b.iter().take(33).take_while(|c| c.is_ascii_alphanumeric()).count();
    if n == 0 || b.get(n) != Some(&b';') {
        return None;
    }
    named_entity(s.get(..n)?).map(|c| (c, n + 1))
}

/// The named references that occur in AWS docs (unknown ones are kept literally).
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201A}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "bdquo" => '\u{201E}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        "middot" => '\u{B7}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "deg" => '\u{B0}',
        "times" => '\u{D7}',
        "divide" => '\u{F7}',
        "plusmn" => '\u{B1}',
        "micro" => '\u{B5}',
        "para" => '\u{B6}',
        "sect" => '\u{A7}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "yen" => '\u{A5}',
        "cent" => '\u{A2}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "ne" => '\u{2260}',
        "larr" => '\u{2190}',
        "uarr" => '\u{2191}',
        "rarr" => '\u{2192}',
        "darr" => '\u{2193}',
        "harr" => '\u{2194}',
        "rArr" => '\u{21D2}',
        "shy" => '\u{AD}',
        "zwsp" => '\u{200B}',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/// A Markdown block; paragraph lines are final (escaped, hard breaks added).
#[derive(Debug)]
enum Block {
    Para(Vec<String>),
    /// Lines of a fenced code block, without the fences.
    Code(Vec<String>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
}

/// What surrounds inline content being rendered.
#[derive(Clone, Copy, Default)]
struct Ctx {
    /// Inside a link: no nested links or autolinks.
    in_link: bool,
    /// Inside emphasis or a link: `<br>` is a space, since a paragraph
    /// break there would leave the delimiters unmatched.
    no_breaks: bool,
    italic: bool,
    bold: bool,
}

/// Inline Markdown of one paragraph being assembled; whitespace is collapsed
/// lazily so that a run of spaces across tags becomes one space.
#[derive(Default)]
struct Inline {
    out: String,
    /// Whitespace seen since the last output.
    space: bool,
    /// Whitespace seen before any output (emphasis moves it outside).
    leading: bool,
}

impl Inline {
    fn ws(&mut self) {
        if self.out.is_empty() {
            self.leading = true;
        }
        self.space = true;
    }

    fn raw(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(s);
    }

    /// Appends generated markup. `**a****b**` or two touching code spans would
    /// merge into one delimiter run, so such a pair gets a space between.
    fn markup(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let mut tail = self.out.chars().rev();
        let (last, before) = (tail.next(), tail.next());
        if matches!(last, Some('*' | '_' | '`')) && last == s.chars().next() && before != Some('\\') {
            self.space = true;
        }
        self.raw(s);
    }

    fn hard_break(&mut self) {
        self.out.push('\n');
        self.space = false;
    }

    /// Appends decoded text, escaping what Markdown or rustdoc would misread.
    fn text(&mut self, text: &str, autolink: bool) {
        let mut i = 0;
        while let Some(rest) = text.get(i..) {
            if autolink {
                if let Some(n) = bare_url_len(rest) {
                    // rustdoc's `bare_urls` lint wants URLs in text as autolinks.
                    self.raw(&format!("<{}>", &rest[..n]));
                    i += n;
                    continue;
                }
            }
            let Some(c) = rest.chars().next() else { break };
            i += c.len_utf8();
            if c.is_whitespace() {
                self.ws();
                continue;
            }
            if c.is_control() {
                continue;
            }
            let mut buf = [0u8; 4];
            let s: &str = match c {
                '\\' => "\\\\",
                '`' => "\\`",
                '*' => "\\*",
                '[' => "\\[",
                ']' => "\\]",
                '~' => "\\~",
                // rustdoc's smart punctuation would turn `--flag` into an en dash.
                '-' if !self.space && self.out.ends_with('-') => "\\-",
                // Entities, not `\<`: rustdoc's `invalid_html_tags` ignores
                // backslashes but never sees a tag in `&lt;`.
                '<' => "&lt;",
                '>' => "&gt;",
                '&' if looks_like_entity(rest.get(1..).unwrap_or("")) => "&amp;",
                _ => c.encode_utf8(&mut buf),
            };
            self.raw(s);
        }
    }

    /// Splits into paragraphs at empty lines (double `<br>`), trimming lines,
    /// escaping their starts and marking the remaining breaks with `\`.
    fn into_blocks(self) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut lines = Vec::new();
        for line in self.out.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                push_para(&mut blocks, &mut lines);
            } else {
                lines.push(escape_line_start(line));
            }
        }
        push_para(&mut blocks, &mut lines);
        blocks
    }
}

fn push_para(blocks: &mut Vec<Block>, lines: &mut Vec<String>) {
    let mut para = take(lines);
    let Some((_, init)) = para.split_last_mut() else {
        return;
    };
    for line in init {
        // A backslash at the end of a line is CommonMark's trailing-space-free hard break.
        line.push('\\');
    }
    blocks.push(Block::Para(para));
}

/// Escapes a line start that Markdown would read as a heading, list item,
/// thematic break, setext underline or table row.
fn escape_line_start(line: &str) -> String {
    let b = line.as_bytes();
    match b.first() {
        Some(b'#' | b'-' | b'+' | b'=' | b'|') => format!("\\{line}"),
        Some(b'_') if line.chars().all(|c| c == '_' || c == ' ') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            let marker = matches!(b.get(digits), Some(b'.' | b')'));
            let then_space = matches!(b.get(digits + 1), None | Some(b' ' | b'\t'));
            if digits <= 9 && marker && then_space {
                format!("{}\\{}", &line[..digits], &line[digits..])
            } else {
                line.to_string()
            }
        }
        _ => line.to_string(),
    }
}

/// Whether `&` followed by `s` would be read as a character reference.
fn looks_like_entity(s: &str) -> bool {
    let b = s.as_bytes();
    let (body, max, ok): (&[u8], usize, fn(&u8) -> bool) = match b {
        [b'#', b'x' | b'X', rest @ ..] => (rest, 6, u8::is_ascii_hexdigit),
        [b'#', rest @ ..] => (rest, 7, u8::is_ascii_digit),
        _ => (b, 32, u8::is_ascii_alphanumeric),
    };
    let n = body.iter().take_while(|c| ok(c)).count();
    n > 0 && n <= max && body.get(n) == Some(&b';')
}

/// Length in bytes of an `http(s)://` URL at the start of `s`, without the
/// sentence punctuation that usually follows one.
fn bare_url_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let scheme = if b.get(..8).is_some_and(|p| p.eq_ignore_ascii_case(b"https://")) {
        8
    } else if b.get(..7).is_some_and(|p| p.eq_ignore_ascii_case(b"http://")) {
        7
    } else {
        return None;
    };
    let mut end = scheme;
    for c in s[scheme..].chars() {
        if c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '{' | '}' | '|' | '\\' | '^')
        {
            break;
        }
        end += c.len_utf8();
    }
    while end > scheme {
        let url = &s[..end];
        let Some(last) = url.chars().next_back() else {
            break;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~' => true,
            ')' => url.matches(')').count() > url.matches('(').count(),
            _ => false,
        };
        if !strip {
            break;
        }
        end -= last.len_utf8();
    }
    (end > scheme).then_some(end)
}

/// Collapses whitespace runs to one space, drops control characters, trims.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !c.is_control()));
    }
    out
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// An inline code span; the fence is longer than any backtick run inside.
fn code_span(text: &str) -> String {
    let content = collapse_ws(text);
    if content.is_empty() {
        return content;
    }
    let fence = "`".repeat(longest_run(&content, '`') + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// The text content of `el`, with `<br>` as `br`.
fn plain_text(el: &Element, br: char, out: &mut String) {
    for child in &el.children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name == "br" => out.push(br),
            Node::Element(e) => plain_text(e, br, out),
        }
    }
}

/// Links are kept only to absolute URLs: relative AWS doc links would be
/// broken on docs.rs, and rustdoc would try bare words as intra-doc links.
fn is_absolute_url(href: &str) -> bool {
    let b = href.as_bytes();
    [&b"http://"[..], b"https://", b"mailto:"]
        .iter()
        .any(|p| b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
}

/// Percent-encodes what would end or confuse a Markdown link destination.
fn encode_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')' | '\\' | '`') {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Elements that make their own paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "fullname"
            | "tr"
            | "caption"
            | "figure"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "pre"
            | "hr"
            | "table"
    )
}

/// The label of an admonition element such as `<note>`.
fn admonition_label(name: &str) -> Option<&'static str> {
    Some(match name {
        "note" => "Note",
        "important" => "Important",
        "warning" => "Warning",
        "caution" => "Caution",
        "tip" => "Tip",
        _ => return None,
    })
}

fn inline_node(node: &Node, ctx: Ctx, buf: &mut Inline) {
    match node {
        Node::Text(t) => buf.text(t, !ctx.in_link),
        Node::Element(el) => inline_element(el, ctx, buf),
    }
}

fn inline_children(el: &Element, ctx: Ctx, buf: &mut Inline) {
    for child in &el.children {
        inline_node(child, ctx, buf);
    }
}

/// Renders an element where only inline Markdown can go; blocks flatten.
fn inline_element(el: &Element, ctx: Ctx, buf: &mut Inline) {
    match el.name.as_str() {
        "br" if ctx.no_breaks => buf.ws(),
        "br" => buf.hard_break(),
        "code" | "tt" | "kbd" | "samp" | "pre" => {
            let mut text = String::new();
            plain_text(el, ' ', &mut text);
            buf.markup(&code_span(&text));
        }
        "i" | "em" => {
            let inner = Ctx { italic: true, ..ctx };
            emphasis(el, "_", inner, ctx.italic, buf);
        }
        "b" | "strong" => {
            let inner = Ctx { bold: true, ..ctx };
            emphasis(el, "**", inner, ctx.bold, buf);
        }
        "a" => link(el, ctx, buf),
        name if is_block(name) || admonition_label(name).is_some() || name == "td" || name == "th" => {
            buf.ws();
            inline_children(el, ctx, buf);
            buf.ws();
        }
        _ => inline_children(el, ctx, buf),
    }
}

/// Wraps content in `delim`, moving edge whitespace outside (CommonMark does
/// not accept `_ x _`); nested same emphasis is flattened.
fn emphasis(el: &Element, delim: &str, inner: Ctx, nested: bool, buf: &mut Inline) {
    if nested {
        inline_children(el, inner, buf);
        return;
    }
    let mut sub = Inline::default();
    let inner = Ctx { no_breaks: true, ..inner };
    inline_children(el, inner, &mut sub);
    if sub.leading {
        buf.ws();
    }
    let content = sub.out.trim();
    if !content.is_empty() {
        buf.markup(&format!("{delim}{content}{delim}"));
    }
    if sub.space {
        buf.ws();
    }
}

fn link(el: &Element, ctx: Ctx, buf: &mut Inline) {
    let href = el.attr("href").unwrap_or("").trim();
    if ctx.in_link || !is_absolute_url(href) {
        inline_children(el, ctx, buf);
        return;
    }
    let dest = encode_destination(href);
    let mut plain = String::new();
    plain_text(el, ' ', &mut plain);
    let mut sub = Inline::default();
    let inner = Ctx { in_link: true, no_breaks: true, ..ctx };
    inline_children(el, inner, &mut sub);
    if sub.leading {
        buf.ws();
    }
    let content = sub.out.trim();
    if content.is_empty() || collapse_ws(&plain) == href {
        buf.markup(&format!("<{dest}>"));
    } else {
        if !buf.space && buf.out.ends_with('!') {
            // `![text](url)` would be an image.
            buf.out.pop();
            buf.out.push_str("\\!");
        }
        buf.markup(&format!("[{content}]({dest})"));
    }
    if sub.space {
        buf.ws();
    }
}

/// Renders nodes in block context.
fn walk(nodes: &[Node]) -> Vec<Block> {
    let mut walker = Walker::default();
    for node in nodes {
        walker.node(node);
    }
    walker.finish()
}

/// Collects blocks, with the paragraph currently being filled.
#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    inline: Inline,
}

impl Walker {
    fn flush(&mut self) {
        let inline = take(&mut self.inline);
        self.blocks.extend(inline.into_blocks());
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    fn push(&mut self, block: Option<Block>) {
        self.flush();
        self.blocks.extend(block);
    }

    fn children(&mut self, el: &Element) {
        for child in &el.children {
            self.node(child);
        }
    }

    fn node(&mut self, node: &Node) {
        let el = match node {
            Node::Text(t) => return self.inline.text(t, true),
            Node::Element(el) => el,
        };
        let name = el.name.as_str();
        if let Some(label) = admonition_label(name) {
            self.flush();
            self.blocks.extend(labelled(label, walk(&el.children)));
            return;
        }
        match name {
            "ul" | "ol" => self.push(list(el)),
            "dl" => self.push(definition_list(el)),
            "pre" => self.push(code_block(el)),
            "li" => self.stray_item(el),
            "td" | "th" => {
                self.inline.ws();
                self.children(el);
                self.inline.ws();
            }
            "br" | "code" | "tt" | "kbd" | "samp" | "i" | "em" | "b" | "strong" | "a" => {
                inline_element(el, Ctx::default(), &mut self.inline);
            }
            _ if is_block(name) => {
                self.flush();
                self.children(el);
                self.flush();
            }
            // Unknown tags are transparent: their content is kept.
            _ => self.children(el),
        }
    }

    /// An `<li>` outside any list still reads best as a bullet.
    fn stray_item(&mut self, el: &Element) {
        self.flush();
        let item = walk(&el.children);
        if item.is_empty() {
            return;
        }
        match self.blocks.last_mut() {
            Some(Block::List { ordered: false, items }) => items.push(item),
            _ => self.blocks.push(Block::List { ordered: false, items: vec![item] }),
        }
    }
}

/// Puts `**Label:**` in front of the first paragraph (or as its own).
fn labelled(label: &str, mut blocks: Vec<Block>) -> Vec<Block> {
    let label = format!("**{label}:**");
    match blocks.first_mut() {
        None => {}
        Some(Block::Para(lines)) => {
            if let Some(first) = lines.first_mut() {
                *first = format!("{label} {first}");
            }
        }
        Some(_) => blocks.insert(0, Block::Para(vec![label])),
    }
    blocks
}

fn list(el: &Element) -> Option<Block> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    for child in &el.children {
        match child {
            Node::Element(li) if li.name == "li" => items.push(walk(&li.children)),
            // A list directly inside a list (sloppy HTML) belongs to the item before it.
            Node::Element(sub) if matches!(sub.name.as_str(), "ul" | "ol") && !items.is_empty() => {
                if let (Some(block), Some(last)) = (list(sub), items.last_mut()) {
                    last.push(block);
                }
            }
            other => items.push(walk(slice::from_ref(other))),
        }
    }
    items.retain(|item| !item.is_empty());
    (!items.is_empty()).then(|| Block::List { ordered: el.name == "ol", items })
}

/// `<dl>` becomes a bullet list of `**term**: definition`.
fn definition_list(el: &Element) -> Option<Block> {
    let mut items = Vec::new();
    let mut term = None;
    let mut defs = Vec::new();
    for child in &el.children {
        match child {
            Node::Element(dt) if dt.name == "dt" => {
                push_definition(&mut items, term.take(), take(&mut defs));
                let mut sub = Inline::default();
                let ctx = Ctx { no_breaks: true, bold: true, ..Ctx::default() };
                inline_children(dt, ctx, &mut sub);
                term = Some(sub.out.trim().to_string());
            }
            Node::Element(dd) if dd.name == "dd" => defs.extend(walk(&dd.children)),
            other => defs.extend(walk(slice::from_ref(other))),
        }
    }
    push_definition(&mut items, term, defs);
    (!items.is_empty()).then_some(Block::List { ordered: false, items })
}

fn push_definition(items: &mut Vec<Vec<Block>>, term: Option<String>, mut defs: Vec<Block>) {
    if let Some(term) = term.filter(|t| !t.is_empty()) {
        let label = format!("**{term}**");
        match defs.first_mut() {
            Some(Block::Para(lines)) => {
                if let Some(first) = lines.first_mut() {
                    *first = format!("{label}: {first}");
                }
            }
            Some(_) => defs.insert(0, Block::Para(vec![format!("{label}:")])),
            None => defs.push(Block::Para(vec![label])),
        }
    }
    if !defs.is_empty() {
        items.push(defs);
    }
}

/// `<pre>` keeps its line structure, minus the common indentation and
/// trailing whitespace; blank runs shrink to one line.
fn code_block(el: &Element) -> Option<Block> {
    let mut raw = String::new();
    plain_text(el, '\n', &mut raw);
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n").replace('\u{A0}', " ");
    let raw = raw.strip_prefix('\n').unwrap_or(&raw);
    let mut lines: Vec<String> = raw
        .split('\n')
        .map(|l| {
            let kept: String = l.chars().filter(|&c| c == '\t' || !c.is_control()).collect();
            kept.trim_end().to_string()
        })
        .collect();
    let indent =
        lines.iter().filter(|l| !l.is_empty()).map(|l| l.len() - l.trim_start_matches(' ').len()).min().unwrap_or(0);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines.iter_mut() {
        let line = line.get(indent..).unwrap_or("").to_string();
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    (!out.is_empty()).then_some(Block::Code(out))
}

/// Writes blocks as lines. Blocks are separated by a blank line, except that
/// in a list item (`compact`) a nested list follows its paragraph directly,
/// which keeps the list tight. Item content is indented by the marker width,
/// which CommonMark needs to keep it inside the item.
fn emit(blocks: &[Block], compact: bool, out: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 && !(compact && matches!(block, Block::List { .. })) {
            out.push(String::new());
        }
        match block {
            Block::Para(lines) => out.extend(lines.iter().cloned()),
            Block::Code(lines) => {
                let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                // `text` so that rustdoc shows it instead of compiling it as a doctest.
                out.push(format!("{fence}text"));
                out.extend(lines.iter().cloned());
                out.push(fence);
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}. ", n + 1) } else { "- ".to_string() };
                    let indent = " ".repeat(marker.len());
                    let mut lines = Vec::new();
                    emit(item, true, &mut lines);
                    for (k, line) in lines.into_iter().enumerate() {
                        out.push(if k == 0 {
                            format!("{marker}{line}")
                        } else if line.is_empty() {
                            line
                        } else {
                            format!("{indent}{line}")
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Realistic AWS documentation snippets and the Markdown they become.
    const CASES: &[(&str, &str)] = &[
        ("", ""),
        ("   \n\t ", ""),
        ("<p/>", ""),
        ("<p></p><p> </p>", ""),
        (
            "<p>Channel latency mode. Use <code>NORMAL</code> to broadcast and deliver live video up to Full HD. Use <code>LOW</code> for near-real-time interaction with viewers. Default: <code>LOW</code>.</p>",
            "Channel latency mode. Use `NORMAL` to broadcast and deliver live video up to Full HD. Use `LOW` for near-real-time interaction with viewers. Default: `LOW`.",
        ),
        (
            "<p>Array of 1-50 maps, each of the form <code>string:string (key:value)</code>. See <a href=\"https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html\">Best practices and strategies</a> in <i>Tagging Amazon Web Services Resources and Tag Editor</i> for details.</p>",
            "Array of 1-50 maps, each of the form `string:string (key:value)`. See [Best practices and strategies](https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html) in _Tagging Amazon Web Services Resources and Tag Editor_ for details.",
        ),
        (
            "<p>Gets the channel.</p><p>See <code>BatchGetChannel</code> and <a href=\"https://docs.aws.amazon.com/x\">the guide</a>.</p><ul><li>one</li><li>two</li></ul>",
            "Gets the channel.\n\nSee `BatchGetChannel` and [the guide](https://docs.aws.amazon.com/x).\n\n- one\n- two",
        ),
        (
            "<p>The state:</p> <ul> <li> <p> <code>ACTIVE</code> - ready.</p> </li> <li> <p> <code>PENDING</code> - being created.</p> </li> </ul>",
            "The state:\n\n- `ACTIVE` - ready.\n- `PENDING` - being created.",
        ),
        (
            "<ol><li><p>First step.</p><p>More about it.</p></li><li>Second</li></ol>",
            "1. First step.\n\n   More about it.\n2. Second",
        ),
        (
            "<ul><li>Outer<ul><li>inner a</li><li>inner b</li></ul></li><li>Next</li></ul>",
            "- Outer\n  - inner a\n  - inner b\n- Next",
        ),
        (
            "<ul><li>a<li>b</ul>",
            "- a\n- b",
        ),
        (
            "<p>[REQUIRED] The name of the channel.</p>",
            "\\[REQUIRED\\] The name of the channel.",
        ),
        ("The ID of the stream key.", "The ID of the stream key."),
        (
            "Line one of plain text.\nStill the same paragraph.\n\nSecond paragraph.",
            "Line one of plain text. Still the same paragraph.\n\nSecond paragraph.",
        ),
        ("First.<p/>Second.", "First.\n\nSecond."),
        (
            "<p>Tom &amp; Jerry&#x27;s &quot;show&quot;&#39;s&nbsp;time &lt;b&gt;</p>",
            "Tom & Jerry's \"show\"'s time &lt;b&gt;",
        ),
        (
            "<p>Returns a <code>Map&lt;String, List&lt;String&gt;&gt;</code> or a Vec<String> &amp;lt;</p>",
            "Returns a `Map<String, List<String>>` or a Vec &amp;lt;",
        ),
        ("<p>a &lt; b &gt; c</p>", "a &lt; b &gt; c"),
        ("<p>a < b and & c</p>", "a &lt; b and & c"),
        ("<p>x &unknown; &#xZZ; &#;</p>", "x &amp;unknown; &#xZZ; &#;"),
        (
            "<p>See https://aws.amazon.com/ivs/ and (http://example.com/a_(b)).</p>",
            "See <https://aws.amazon.com/ivs/> and (<http://example.com/a_(b)>).",
        ),
        (
            "<p>Visit <a href=\"https://aws.amazon.com\">https://aws.amazon.com</a> now.</p>",
            "Visit <https://aws.amazon.com> now.",
        ),
        (
            "<p>See <a href=\"API_CreateChannel.html\">CreateChannel</a> and <a>nothing</a>.</p>",
            "See CreateChannel and nothing.",
        ),
        (
            "<p>A <a href=\"https://x.example/a b(c)\">spaced</a> link.</p>",
            "A [spaced](https://x.example/a%20b%28c%29) link.",
        ),
        (
            "<p>Use <b>only</b> <i>one</i> <strong>of</strong><em> these </em>values.</p>",
            "Use **only** _one_ **of** _these_ values.",
        ),
        ("<p>Wildcards: * and ** and `tick` and ~x~</p>", "Wildcards: \\* and \\*\\* and \\`tick\\` and \\~x\\~"),
        ("<p><code>a`b</code> <code>`x</code> <code></code></p>", "``a`b`` `` `x ``"),
        ("<p>Line one<br/>line two<br>line three</p>", "Line one\\\nline two\\\nline three"),
        ("<p>One<br/><br/>Two</p>", "One\n\nTwo"),
        (
            "<note><p>This is irreversible.</p><p>Really.</p></note>",
            "**Note:** This is irreversible.\n\nReally.",
        ),
        (
            "<p>Before.</p><important>Keep the key.</important>",
            "Before.\n\n**Important:** Keep the key.",
        ),
        (
            "<dl><dt>ENABLED</dt><dd><p>On.</p></dd><dt>DISABLED</dt><dd>Off.</dd><dt>UNKNOWN</dt></dl>",
            "- **ENABLED**: On.\n- **DISABLED**: Off.\n- **UNKNOWN**",
        ),
        (
            "<p>Example:</p><pre><code>aws ivs get-channel \\\n    --arn arn:aws:ivs:us-west-2:123:channel/abc\n</code></pre>",
            "Example:\n\n```text\naws ivs get-channel \\\n    --arn arn:aws:ivs:us-west-2:123:channel/abc\n```",
        ),
        (
            "<pre>\n    {\n      \"a\": 1 &amp; 2\n    }\n\n\n</pre>",
            "```text\n{\n  \"a\": 1 & 2\n}\n```",
        ),
        ("<pre>```\ncode\n```</pre>", "````text\n```\ncode\n```\n````"),
        (
            "<p>#1 tip</p><p>- not a list</p><p>1. not ordered</p><p>+ plus</p><p>1.5 GB</p><p>===</p>",
            "\\#1 tip\n\n\\- not a list\n\n1\\. not ordered\n\n\\+ plus\n\n1.5 GB\n\n\\===",
        ),
        (
            "<p>   Indented    text\n\n      with   spaces   </p>",
            "Indented text with spaces",
        ),
        ("<p>Unclosed <b>bold and <i>italic", "Unclosed **bold and _italic_**"),
        ("a <b", "a &lt;b"),
        ("</p>stray<p>tags</b>", "stray\n\ntags"),
        ("<p>Caf\u{e9} na\u{ef}ve \u{65e5}\u{672c}</p>", "Caf\u{e9} na\u{ef}ve \u{65e5}\u{672c}"),
        ("<fullname>Amazon IVS</fullname><p>Intro.</p>", "Amazon IVS\n\nIntro."),
        ("<p>Hello<!-- hidden -->, world</p>", "Hello, world"),
        ("<p>C:\\path\\* and a_b_c</p>", "C:\\\\path\\\\\\* and a_b_c"),
        ("<p>Wow!<a href=\"https://x.example\">link</a></p>", "Wow\\![link](https://x.example)"),
        ("<p><b>a</b><b>b</b><code>c</code><code>d</code></p>", "**a** **b**`c` `d`"),
        ("<p>Email <a href=\"mailto:a@b.example\">us</a>.</p>", "Email [us](mailto:a@b.example)."),
        ("<li>stray</li><li>items</li>", "- stray\n- items"),
        (
            "<p>Use --profile, a---b or -x.</p>",
            "Use -\\-profile, a-\\-\\-b or -x.",
        ),
        ("<p>-- comment</p>", "\\-\\- comment"),
    ];

    #[test]
    fn converts_table() {
        for (html, expected) in CASES {
            let got = html_to_markdown(html);
            assert_eq!(&got, expected, "input: {html:?}");
            check_invariants(html, &got);
        }
    }

    #[test]
    fn doc_lines_split_markdown() {
        assert!(doc_lines("").is_empty());
        assert_eq!(doc_lines("<p>a</p><p>b</p>"), vec!["a".to_string(), String::new(), "b".to_string()]);
    }

    fn check_invariants(html: &str, markdown: &str) {
        let lines = doc_lines(html);
        assert_eq!(lines.join("\n"), markdown, "input: {html:?}");
        assert_ne!(lines.first().map(String::as_str), Some(""), "{html:?}");
        assert_ne!(lines.last().map(String::as_str), Some(""), "{html:?}");
        for pair in lines.windows(2) {
            assert!(!(pair[0].is_empty() && pair[1].is_empty()), "{html:?}");
        }
        for line in &lines {
            assert!(!line.contains('\n') && !line.contains('\r'), "{html:?}");
            assert_eq!(line.trim_end(), line, "trailing space for {html:?}");
        }
    }

    #[test]
    fn robust_on_random_fragments() {
        const FRAGMENTS: &[&str] = &[
            "<p>",
            "</p>",
            "<a href=\"",
            "https://x.example/a",
            "\">",
            "</a>",
            "&",
            "&#",
            "&#x",
            "&amp;",
            "&lt",
            ";",
            "[",
            "]",
            "*",
            "<",
            ">",
            "\n",
            "\u{e9}",
            " ",
            "text",
            "<ul>",
            "<li>",
            "</li>",
            "</ul>",
            "<ol>",
            "<code>",
            "</code>",
            "`",
            "<pre>",
            "</pre>",
            "<br/>",
            "<i>",
            "</i>",
            "<b>",
            "</b>",
            "<note>",
            "</note>",
            "<dl>",
            "<dt>",
            "<dd>",
            "<!--",
            "-->",
            "#",
            "- ",
            "1. ",
            "\\",
            "'",
            "\"",
            "=",
            "_",
            "~",
            "!",
            "<p/>",
            "\u{a0}",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..500 {
            let len = (next() % 40) as usize;
            let html: String = (0..len).map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize]).collect();
            let markdown = html_to_markdown(&html);
            check_invariants(&html, &markdown);
            assert_eq!(markdown, html_to_markdown(&html), "deterministic");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<ul><li>".repeat(10_000) + "x";
        let markdown = html_to_markdown(&html);
        assert!(markdown.contains('x'));
        let html = "<b><i>".repeat(50_000);
        assert_eq!(html_to_markdown(&html), "");
    }
}
