//! `--format checkstyle`: Checkstyle XML, read by Jenkins, GitLab and reviewdog.
//!
//! One `<file name="…">` per file checked, one `<error line column severity message source>`
//! per finding (`source` is `copydesk.<rule>`). Severities: error, warning, info (info and
//! hint). Files that could not be checked get one `<error severity="error"
//! source="copydesk.input">`. Attribute values are escaped for XML 1.0: `& < > " '` as
//! entities, tab and line breaks as character references (so attribute-value normalisation
//! keeps them), and characters XML 1.0 cannot carry at all (other C0 controls, U+FFFE, U+FFFF)
//! as U+FFFD.

use std::io::Write;

use crate::cli::Run;
use crate::diagnostic::Severity;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "info",
    }
}

/// Escapes `s` for use inside a double-quoted XML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes the XML document.
pub fn write(out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for report in &run.reports {
        if report.findings.is_empty() {
            writeln!(out, r#"  <file name="{}"/>"#, escape_attr(&report.path))?;
            continue;
        }
        writeln!(out, r#"  <file name="{}">"#, escape_attr(&report.path))?;
        for f in &report.findings {
            let d = &f.diagnostic;
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="copydesk.{}"/>"#,
                f.start.line,
                f.start.column,
                severity(d.severity),
                escape_attr(&d.message),
                d.rule
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    for e in &run.errors {
        let position = e.location.map_or_else(String::new, |(line, col)| format!(r#"line="{line}" column="{col}" "#));
        writeln!(out, r#"  <file name="{}">"#, escape_attr(&e.path))?;
        writeln!(out, r#"    <error {position}severity="error" message="{}" source="copydesk.input"/>"#, escape_attr(&e.message))?;
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::render::tests::render;
    use crate::cli::OutputFormat;

    #[test]
    fn document_lists_files_and_escapes_attributes() {
        let text = render(OutputFormat::Checkstyle);
        let expected = concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<checkstyle version=\"4.3\">\n",
            "  <file name=\"./dir, a:b/story 1.txt\">\n",
            "    <error line=\"1\" column=\"1\" severity=\"warning\" message=\"odd, 100% &quot;text&quot; &lt;&amp;&gt; &apos;here&apos;&#10;second line: yes\" source=\"copydesk.web-boilerplate\"/>\n",
            "    <error line=\"2\" column=\"1\" severity=\"info\" message=\"doubled word: `the the`\" source=\"copydesk.doubled-word\"/>\n",
            "  </file>\n",
            "  <file name=\"bad.txt\">\n",
            "    <error severity=\"error\" message=\"not valid UTF-8: invalid byte sequence at byte offset 3\" source=\"copydesk.input\"/>\n",
            "  </file>\n",
            "  <file name=\"copydesk.toml\">\n",
            "    <error line=\"3\" column=\"1\" severity=\"error\" message=\"unknown key `stlye`\" source=\"copydesk.input\"/>\n",
            "  </file>\n",
            "</checkstyle>\n",
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced() {
        assert_eq!(escape_attr("a\u{1}b\u{ffff}c\td"), "a\u{fffd}b\u{fffd}c&#9;d");
    }
}
